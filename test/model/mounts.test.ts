// Bind mounts: an in-container path is taken from the deepest mount that covers it.
import { describe, expect, it } from "vitest";
import { throughMount } from "../../src/model/mounts.js";

describe("throughMount", () => {
  const mounts = [
    { source: "/repo/conf", target: "/etc/app" },
    { source: "/repo/conf/special.sh", target: "/etc/app/start.sh" },
    { source: "/repo/bin", target: "/usr/local/bin" },
  ];
  it("maps files and folders, the deepest mount first", () => {
    expect(throughMount(mounts, "/etc/app/entrypoint.sh")).toBe("/repo/conf/entrypoint.sh");
    expect(throughMount(mounts, "/etc/app/start.sh")).toBe("/repo/conf/special.sh");
    expect(throughMount(mounts, "/usr/local/bin/run")).toBe("/repo/bin/run");
    expect(throughMount(mounts, "/etc/application/x")).toBeNull();
    expect(throughMount(mounts, "/etc")).toBeNull();
  });
});
