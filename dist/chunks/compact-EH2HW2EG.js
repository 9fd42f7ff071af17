import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import {
  compactLine,
  formatCompact
} from "./chunk-MP5QBFEM.js";
import "./chunk-NBLA2PSM.js";
import "./chunk-Y6MHYMOS.js";
export {
  compactLine,
  formatCompact
};
