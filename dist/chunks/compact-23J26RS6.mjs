import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import{a,b}from"./chunk-WKNJDZRO.mjs";import"./chunk-H7OCDEAX.mjs";import"./chunk-RP7PDB6T.mjs";export{a as compactLine,b as formatCompact};
