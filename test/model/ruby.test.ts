// Ruby programs: `bundle exec` hands PID 1 to its command, binstubs and bin/rails run a program in their own
// process, and puma's mode (single or cluster) and version decide whether it reaps.
import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { lint } from "../../src/engine/index.js";
import { KnowledgeBase, wrapperCommandIndex } from "../../src/knowledge/index.js";
import { rubyLoads } from "../../src/model/launcher.js";
import { evalRuby, type RubyValue } from "../../src/model/ruby-config.js";
import { clusterReaps, lockedPuma, pumaConfigWorkers, pumaWorkers } from "../../src/model/puma-config.js";
import { project } from "../helpers.js";

const kb = new KnowledgeBase();
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function chainOf(files: Record<string, string>) {
  const dir = project(files);
  dirs.push(dir);
  const r = await lint(["."], { cwd: dir });
  return r.model!.containers.find((c) => c.kind === "service")!.chain;
}

const LOCK = (v: string) => `GEM\n  remote: https://rubygems.org/\n  specs:\n    nio4r (2.7.0)\n    puma (${v})\n      nio4r (~> 2.0)\n\nDEPENDENCIES\n  puma (~> 6.0)\n`;

function app(cmd: string, files: Record<string, string> = {}, env = ""): Record<string, string> {
  return {
    "compose.yaml": `services:\n  web:\n    build: .\n${env}`,
    Dockerfile: `FROM ruby:3.3-slim\nWORKDIR /app\nCOPY . .\nCMD ${cmd}\n`,
    Gemfile: 'source "https://rubygems.org"\ngem "puma"\n',
    ...files,
  };
}

describe("bundle exec", () => {
  const bundle = kb.wrapper("bundle")!;
  const at = (words: string[]) => wrapperCommandIndex(bundle, words.map((text) => ({ text })));

  it("is a wrapper for its exec subcommand (and its aliases) only", () => {
    expect(at(["exec", "puma", "-C", "config/puma.rb"])).toBe(1);
    expect(at(["e", "sidekiq"])).toBe(1);
    expect(at(["exec", "--gemfile", "Gemfile.ci", "rails", "s"])).toBe(3);
    expect(at(["exec", "--keep-file-descriptors", "puma"])).toBe(2);
    expect(at(["install", "--jobs", "4"])).toBeNull();
    expect(at(["exec"])).toBeNull();
    expect(at([])).toBeNull();
    expect(bundle.source).toMatch(/^https:\/\/github\.com\/rubygems\/rubygems\/blob\/[0-9a-f]{40}\//);
  });

  it("hands PID 1 to its command (sidekiq's own facts, not an assumption about bundle)", async () => {
    const c = await chainOf(app('["bundle", "exec", "sidekiq", "-C", "config/sidekiq.yml"]'));
    expect(c.program).toBe("sidekiq");
    expect(c.verdict).toBe("non-reaper");
    expect(c.knowledge?.assumed).toBeUndefined();
    expect(c.hops.map((h) => h.text)).toContain("bundle exec");
  });

  it("bundle alone, or another subcommand, is bundle itself", async () => {
    const c = await chainOf(app('["bundle", "install"]'));
    expect(c.program).toBe("bundle");
  });
});

describe("Ruby launchers that run a program in their own process", () => {
  it("reads Bundler binstubs, RubyGems wrappers and bin/rails", () => {
    expect(rubyLoads('#!/usr/bin/env ruby\nrequire "bundler/setup"\n\nload Gem.bin_path("puma", "puma")\n')).toMatchObject({ program: "puma", line: 4 });
    expect(rubyLoads("#!/usr/bin/env ruby\nload Gem.bin_path('railties', 'rails')\n")?.program).toBe("rails");
    expect(rubyLoads("#!/usr/bin/env ruby\n  Gem.activate_and_load_bin_path('sidekiq', 'sidekiq', version)\n")?.program).toBe("sidekiq");
    expect(rubyLoads('#!/usr/bin/env ruby\nAPP_PATH = File.expand_path("../config/application", __dir__)\nrequire_relative "../config/boot"\nrequire "rails/commands"\n')).toMatchObject({ program: "rails", line: 4 });
    expect(rubyLoads('#!/usr/bin/env ruby\n# load Gem.bin_path("puma", "puma")\nputs "hi"\n')).toBeNull();
    expect(rubyLoads('#!/usr/bin/env ruby\nrequire "rails/commands/server"\n')).toBeNull();
  });

  it("bin/rails server is the rails program; a binstub found on PATH is not followed into itself", async () => {
    const railsBin = '#!/usr/bin/env ruby\nAPP_PATH = File.expand_path("../config/application", __dir__)\nrequire_relative "../config/boot"\nrequire "rails/commands"\n';
    let c = await chainOf(app('["./bin/rails", "server", "-b", "0.0.0.0"]', { "bin/rails": railsBin }));
    expect(c.program).toBe("rails");
    expect(c.argv).toEqual(["rails", "server", "-b", "0.0.0.0"]);
    expect(c.hops.map((h) => h.text).join(" → ")).toMatch(/rails:4 require "rails\/commands" \(runs rails in this process\)/);
    const stub = '#!/usr/bin/env ruby\nrequire "rubygems"\nrequire "bundler/setup"\n\nload Gem.bin_path("puma", "puma")\n';
    c = await chainOf({ ...app('["puma"]', { "bin/puma": stub }), Dockerfile: 'FROM ruby:3.3-slim\nWORKDIR /app\nCOPY . .\nENV PATH="/app/bin:$PATH"\nCMD ["puma"]\n' });
    expect(c.program).toBe("puma");
    expect(c.verdict).toBe("non-reaper");
  });
});

describe("puma: single or cluster mode", () => {
  const none = async () => null;
  const env = (o: Record<string, string> = {}) => new Map(Object.entries(o));

  it("reads `workers` at the top level of a config file", () => {
    expect(pumaConfigWorkers('threads 5, 5\nworkers ENV.fetch("WEB_CONCURRENCY") { 2 }\n', env(), "config/puma.rb")).toMatchObject({ n: 2 });
    expect(pumaConfigWorkers('workers ENV.fetch("WEB_CONCURRENCY") { 2 }\n', env({ WEB_CONCURRENCY: "0" }), "c.rb")).toMatchObject({ n: 0 });
    expect(pumaConfigWorkers("workers Integer(ENV['WEB_CONCURRENCY'] || 3)\n", env(), "c.rb")).toMatchObject({ n: 3 });
    expect(pumaConfigWorkers('count = ENV.fetch("WORKERS", 4).to_i\nworkers count\n', env(), "c.rb")).toMatchObject({ n: 4 });
    expect(pumaConfigWorkers("workers :auto\n", env(), "c.rb")).toMatchObject({ n: 1 });
    expect(pumaConfigWorkers('# workers ENV.fetch("WEB_CONCURRENCY") { 2 }\nthreads 1, 5\n', env(), "c.rb")).toBeNull();
    expect(pumaConfigWorkers("workers 2\nworkers 0\n", env(), "c.rb")).toMatchObject({ n: 0 });
    expect(pumaConfigWorkers("on_worker_boot {\n  connect\n}\nbefore_fork do |server|\n  close\nend\nworkers 3\n", env(), "c.rb")).toMatchObject({ n: 3 });
    // conditions read with the environment the files set; a variable they do not set is nil
    const prod = 'rails_env = ENV.fetch("RAILS_ENV") { "development" }\nif rails_env == "production"\n  count = Integer(ENV.fetch("WEB_CONCURRENCY") { 1 })\n  workers count if count > 1\n  preload_app!\nend\n';
    expect(pumaConfigWorkers(prod, env(), "c.rb")).toBeNull();
    expect(pumaConfigWorkers(prod, env({ RAILS_ENV: "production" }), "c.rb")).toBeNull();
    expect(pumaConfigWorkers(prod, env({ RAILS_ENV: "production", WEB_CONCURRENCY: "4" }), "c.rb")).toMatchObject({ n: 4 });
    const auto = "if ENV['AUTO'] == 'true'\n  workers Etc.nprocessors\nelse\n  workers ENV.fetch('WEB_CONCURRENCY', 0)\nend\n";
    expect(pumaConfigWorkers(auto, env(), "c.rb")).toMatchObject({ n: 0 });
    expect(pumaConfigWorkers(auto, env({ AUTO: "true" }), "c.rb")?.n).toBeNull();
    expect(pumaConfigWorkers('workers 2 if ENV["CLUSTER"]\n', env(), "c.rb")).toBeNull();
    expect(pumaConfigWorkers('workers 2 unless ENV["SINGLE"]\n', env(), "c.rb")).toMatchObject({ n: 2 });
    // the Rails 7.1 generator's config: the processor count decides unless WEB_CONCURRENCY is set
    const r71 = 'max_threads_count = ENV.fetch("RAILS_MAX_THREADS") { 5 }\nthreads max_threads_count, max_threads_count\nif ENV["RAILS_ENV"] == "production"\n  require "concurrent-ruby"\n  worker_count = Integer(ENV.fetch("WEB_CONCURRENCY") { Concurrent.physical_processor_count })\n  workers worker_count if worker_count > 1\nend\nworker_timeout 3600 if ENV.fetch("RAILS_ENV", "development") == "development"\n';
    expect(pumaConfigWorkers(r71, env({ RAILS_ENV: "production" }), "c.rb")?.n).toBeNull();
    expect(pumaConfigWorkers(r71, env({ RAILS_ENV: "production", WEB_CONCURRENCY: "3" }), "c.rb")).toMatchObject({ n: 3 });
    expect(pumaConfigWorkers(r71, env({ RAILS_ENV: "development" }), "c.rb")).toBeNull();
    // in a block, under a condition on something not known here, or computed: not known
    expect(pumaConfigWorkers("on_worker_boot do\n  workers 2\nend\n", env(), "c.rb")?.n).toBeNull();
    expect(pumaConfigWorkers("if File.exist?('x')\n  workers 2\nend\n", env(), "c.rb")?.n).toBeNull();
    expect(pumaConfigWorkers("workers Etc.nprocessors\n", env(), "c.rb")).toMatchObject({ n: null, evidence: expect.stringMatching(/computed at run time/) });
    expect(pumaConfigWorkers('workers ENV.fetch("WEB_CONCURRENCY")\n', env(), "c.rb")?.n).toBeNull();
  });

  it("the command line comes first, then the config files, then WEB_CONCURRENCY", async () => {
    const read = async (p: string) => (p === "config/puma.rb" ? { text: "workers 3\n", rel: "config/puma.rb" } : null);
    expect((await pumaWorkers(["puma", "-w", "0"], env(), read)).n).toBe(0);
    expect((await pumaWorkers(["puma", "--workers=4"], env(), read)).n).toBe(4);
    expect((await pumaWorkers(["puma"], env({ WEB_CONCURRENCY: "0" }), read)).n).toBe(3);
    expect((await pumaWorkers(["puma", "--no-config"], env({ WEB_CONCURRENCY: "2" }), read)).n).toBe(2);
    expect((await pumaWorkers(["puma", "-C", "-"], env(), read)).n).toBe(0);
    expect((await pumaWorkers(["puma"], env(), none)).n).toBe(0);
    expect((await pumaWorkers(["puma", "-C", "/etc/puma.rb"], env(), none)).n).toBeNull();
    // config/puma/<environment>.rb is looked for first
    const perEnv = async (p: string) => (p === "config/puma/production.rb" ? { text: "workers 2\n", rel: p } : p === "config/puma.rb" ? { text: "workers 0\n", rel: p } : null);
    expect((await pumaWorkers(["puma"], env({ RAILS_ENV: "production" }), perEnv)).n).toBe(2);
    expect((await pumaWorkers(["puma", "-e", "production"], env(), perEnv)).n).toBe(2);
    expect((await pumaWorkers(["puma"], env(), perEnv)).n).toBe(0);
  });

  it("the cluster master reaps from puma 6.4.1 on", () => {
    expect(lockedPuma(LOCK("6.4.2"))).toEqual([6, 4, 2]);
    expect(lockedPuma("GEM\n  specs:\n    puma-status (1.6)\n")).toBeNull();
    expect(clusterReaps([6, 4, 1])).toBe(true);
    expect(clusterReaps([7, 0])).toBe(true);
    expect(clusterReaps([6, 4, 0])).toBe(false);
    expect(clusterReaps([5, 6, 9])).toBe(false);
  });

  it("bundle exec puma in cluster mode with a locked puma that reaps is a reaper", async () => {
    const c = await chainOf(app('["bundle", "exec", "puma", "-C", "config/puma.rb"]', { "config/puma.rb": 'workers ENV.fetch("WEB_CONCURRENCY") { 2 }\n', "Gemfile.lock": LOCK("6.5.0") }));
    expect(c.program).toBe("puma (cluster)");
    expect(c.verdict).toBe("reaper");
    expect(c.knowledge?.note).toMatch(/Gemfile\.lock/);
  });

  it("cluster mode with an older puma, single mode, and an unknown version", async () => {
    let c = await chainOf(app('["bundle", "exec", "puma", "-w", "2"]', { "Gemfile.lock": LOCK("5.6.8") }));
    expect(c.verdict).toBe("non-reaper");
    expect(c.knowledge?.note).toMatch(/older than 6\.4\.1/);
    c = await chainOf(app('["bundle", "exec", "puma"]', { "config/puma.rb": "threads 1, 5\n", "Gemfile.lock": LOCK("6.5.0") }));
    expect(c.program).toBe("puma");
    expect(c.verdict).toBe("non-reaper");
    c = await chainOf(app('["bundle", "exec", "puma", "-w", "2"]'));
    expect(c.verdict).toBe("unknown");
    expect(c.unknownWhy).toMatch(/puma version is not known/);
  });

  it("compose environment sets WEB_CONCURRENCY; rails server reads the same config", async () => {
    let c = await chainOf(app('["bundle", "exec", "puma"]', { "Gemfile.lock": LOCK("6.4.3") }, "    environment:\n      WEB_CONCURRENCY: 3\n"));
    expect(c.verdict).toBe("reaper");
    c = await chainOf(app('["bundle", "exec", "rails", "server", "-b", "0.0.0.0"]', { "config/puma.rb": "workers 2\n", "Gemfile.lock": LOCK("6.4.3") }));
    expect(c.program).toBe("rails (puma cluster)");
    expect(c.verdict).toBe("reaper");
    c = await chainOf(app('["bundle", "exec", "rails", "s", "-u", "thin"]', { "config/puma.rb": "workers 2\n", "Gemfile.lock": LOCK("6.4.3") }));
    expect(c.program).toBe("rails");
    expect(c.verdict).toBe("non-reaper");
  });
});

describe("the Ruby that configuration files use", () => {
  const env = new Map([["RAILS_ENV", "production"], ["N", "3"]]);
  const vars = new Map<string, RubyValue>([["count", { v: 2 }]]);
  it.each([
    ['ENV["RAILS_ENV"] == "production"', true],
    ["ENV.fetch('MISSING', 5)", 5],
    ['ENV.fetch("MISSING") { "x" }', "x"],
    ["Integer(ENV['N'] || 1)", 3],
    ["ENV['MISSING'].to_i", 0],
    ["ENV.key?('N') && count >= 2", true],
    ["!ENV['MISSING']", true],
    ["ENV['MISSING'] || count", 2],
    ["(count > 1) and ENV['N'] != '3'", false],
  ] as const)("%s → %j", (src, want) => {
    expect(evalRuby(src, env, vars)).toEqual({ v: want });
  });
  it.each(["ENV.fetch('MISSING')", "Etc.nprocessors", "unknown_var", '"a#{b}"', "Integer('x')", "count +"])("%s is not known here", (src) => {
    expect(evalRuby(src, env, vars)).toBeNull();
  });
});

describe("Solid Queue's supervisor (bin/jobs)", () => {
  const jobs = '#!/usr/bin/env ruby\n\nrequire_relative "../config/environment"\nrequire "solid_queue/cli"\n\nSolidQueue::Cli.start(ARGV)\n';

  it("bin/jobs runs the supervisor in-process: fork mode reaps, async mode does not", async () => {
    expect(rubyLoads(jobs)).toMatchObject({ program: "solid_queue", line: 4 });
    expect(rubyLoads('require "solid_queue/commands"\n')).toBeNull();
    let c = await chainOf(app('["./bin/jobs"]', { "bin/jobs": jobs }));
    expect(c.program).toBe("solid_queue");
    expect(c.verdict).toBe("reaper");
    expect(c.knowledge?.source).toMatch(/fork_supervisor\.rb#L\d+$/);
    c = await chainOf(app('["./bin/jobs", "--mode", "async"]', { "bin/jobs": jobs }));
    expect(c.program).toBe("solid_queue (async)");
    expect(c.verdict).toBe("non-reaper");
    c = await chainOf(app('["bin/jobs"]', { "bin/jobs": jobs }, "    environment:\n      SOLID_QUEUE_SUPERVISOR_MODE: async\n"));
    expect(c.verdict).toBe("non-reaper");
  });
});
