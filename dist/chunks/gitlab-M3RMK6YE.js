import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import{a as t,d as n}from"./chunk-QAKKUZKY.js";import"./chunk-3DVXFGX6.js";var a={info:"info",warning:"minor",error:"major"};function g(o,r){let i=t(o),s=n(i,"composeLint/gitlab/v1"),p=i.map((e,m)=>({type:"issue",description:e.message,check_name:e.rule,categories:["Bug Risk"],fingerprint:s[m],severity:a[e.severity],engine_name:r.toolName,location:{path:e.file,lines:{begin:e.line,end:e.endLine}}}));return`${JSON.stringify(p,null,2)}
`}export{g as formatGitlab};
