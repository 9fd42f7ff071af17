import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import{a as r,c as i}from"./chunk-H7OCDEAX.mjs";var n={error:"\x1B[31m",warning:"\x1B[33m",info:"\x1B[36m"},s="\x1B[39m";function m(t,e=!1){let o=e?`${n[t.severity]}${t.severity}${s}`:t.severity;return`${t.file}:${t.line}:${t.column}: ${o}: ${i(t.message)} [${t.rule}]`}function p(t,e){return r(t).map(o=>`${m(o,e.color)}
`).join("")}export{m as a,p as b};
