// node:child_process for the bundled commander, loaded on first use. commander requires it when it loads but
// uses it only to spawn executable subcommands, which compose-lint does not have; loading it costs a few
// milliseconds of every start (it pulls in net, dgram and the stream modules).
"use strict";
let loaded;
module.exports = new Proxy(
  {},
  {
    get: (_target, key) => (loaded ??= require("node:child_process"))[key],
    has: (_target, key) => key in (loaded ??= require("node:child_process")),
  },
);
