// Every rule, in the order they are listed and documented.
import type { Rule } from "../src/engine/rule.js";
import composeSchema from "./compose-schema.js";
import entrypointWithoutExec from "./entrypoint-without-exec.js";
import healthcheckOrphans from "./healthcheck-orphans.js";
import initConflict from "./init-conflict.js";
import ioError from "./io-error.js";
import missingInit from "./missing-init.js";
import nonReapingExecChain from "./non-reaping-exec-chain.js";
import parseError from "./parse-error.js";
import shellFormCommand from "./shell-form-command.js";

export const RULES: Rule[] = [
  missingInit,
  nonReapingExecChain,
  entrypointWithoutExec,
  shellFormCommand,
  initConflict,
  healthcheckOrphans,
  composeSchema,
  parseError,
  ioError,
];
