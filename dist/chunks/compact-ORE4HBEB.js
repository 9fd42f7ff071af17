import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import{a,b}from"./chunk-5AHAGEHE.js";import"./chunk-XWP545ST.js";import"./chunk-3DVXFGX6.js";export{a as compactLine,b as formatCompact};
