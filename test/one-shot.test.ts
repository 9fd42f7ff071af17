// Commands that run to completion: matched after launchers, by basename, with words that make them long-running.
import { describe, expect, it } from "vitest";
import { ONE_SHOT, oneShotCommand } from "../src/knowledge/one-shot.js";

describe("one-shot commands", () => {
  it("matches a command after a launcher and its options", () => {
    expect(oneShotCommand(["npx", "playwright", "test"])?.argv).toEqual(["playwright", "test"]);
    expect(oneShotCommand(["npx", "--yes", "playwright", "test", "--project=chromium"])?.argv).toEqual(["playwright", "test"]);
    expect(oneShotCommand(["python", "-m", "pytest", "-x"])?.argv).toEqual(["pytest"]);
    expect(oneShotCommand(["python3", "manage.py", "migrate"])?.argv).toEqual(["manage.py", "migrate"]);
    expect(oneShotCommand(["/usr/bin/jq", ".a"])?.argv).toEqual(["jq"]);
  });

  it("does not match long-running forms or other programs", () => {
    expect(oneShotCommand(["jest", "--watchAll"])).toBeNull();
    expect(oneShotCommand(["npx", "playwright", "show-report"])).toBeNull();
    expect(oneShotCommand(["python", "manage.py", "runserver"])).toBeNull();
    expect(oneShotCommand(["vitest"])).toBeNull();
    expect(oneShotCommand(["node", "server.js"])).toBeNull();
    expect(oneShotCommand(null)).toBeNull();
  });

  it("every entry has a source and a note", () => {
    for (const e of ONE_SHOT) {
      expect(e.argv.length, JSON.stringify(e)).toBeGreaterThan(0);
      expect(e.source, e.argv.join(" ")).toMatch(/^https:\/\//);
      expect(e.note.length).toBeGreaterThan(5);
    }
  });
});
