import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import{a,b}from"./chunk-R6QVGGLW.js";import"./chunk-MFWHL6UM.js";import"./chunk-3DVXFGX6.js";export{a as compactLine,b as formatCompact};
