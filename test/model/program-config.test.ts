// Programs whose configuration decides whether they reap: uWSGI's `master`.
import { describe, expect, it } from "vitest";
import { uwsgiIniMaster, uwsgiMaster } from "../../src/model/program-config.js";

const none = async (): Promise<null> => null;

describe("uWSGI master", () => {
  it("reads `master` from the [uwsgi] section of an ini file", () => {
    expect(uwsgiIniMaster("[uwsgi]\nstrict\nmaster\nprocesses = 4\n")).toBe(true);
    expect(uwsgiIniMaster("[uwsgi]\nmaster = true\n")).toBe(true);
    expect(uwsgiIniMaster("[uwsgi]\nmaster=1\n")).toBe(true);
    expect(uwsgiIniMaster("[uwsgi]\nmaster = false\n")).toBe(false);
    expect(uwsgiIniMaster("[uwsgi]\n; master = true\nhttp = :80\n")).toBeNull();
    expect(uwsgiIniMaster("[other]\nmaster = true\n[uwsgi]\nhttp = :80\n")).toBeNull();
  });

  it("takes the command line first, then UWSGI_MASTER, then the ini files", async () => {
    expect((await uwsgiMaster(["uwsgi", "--master", "--http", ":80"], new Map(), none)).master).toBe(true);
    expect((await uwsgiMaster(["uwsgi", "-M"], new Map(), none)).master).toBe(true);
    expect((await uwsgiMaster(["uwsgi", "--http", ":80"], new Map([["UWSGI_MASTER", "true"]]), none)).master).toBe(true);
    expect((await uwsgiMaster(["uwsgi", "--http", ":80"], new Map(), none)).master).toBe(false);
    const read = async (p: string) => (p === "app.ini" ? { text: "[uwsgi]\nmaster = true\n", rel: "docker/app.ini" } : null);
    const r = await uwsgiMaster(["uwsgi", "--ini", "app.ini"], new Map(), read);
    expect(r).toEqual({ master: true, evidence: "`master` set in docker/app.ini" });
  });

  it("is unknown when the ini file is not in the build context", async () => {
    const r = await uwsgiMaster(["uwsgi", "/etc/uwsgi/app.ini"], new Map(), none);
    expect(r.master).toBeNull();
    expect(r.evidence).toMatch(/not in the build context/);
  });
});
