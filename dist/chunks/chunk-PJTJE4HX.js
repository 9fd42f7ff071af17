import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import{a as v}from"./chunk-LGZITJ2H.js";import{a as d,b as m,g as a}from"./chunk-QAKKUZKY.js";import{appendFileSync as R}from"node:fs";var p=10,w={error:"error",warning:"warning",info:"notice"},b=["error","warning","info"];function y(e){return e.replace(/%/g,"%25").replace(/\r/g,"%0D").replace(/\n/g,"%0A")}function _(e){return y(e).replace(/:/g,"%3A").replace(/,/g,"%2C")}function D(e,n){let r=[["file",e.file],["line",e.line],["endLine",e.endLine]];e.line===e.endLine&&r.push(["col",e.column],["endColumn",Math.max(e.column,e.endColumn-1)]),r.push(["title",`${n} (${e.rule})`]);let s=r.map(([i,g])=>`${i}=${_(String(g))}`).join(",");return`::${w[e.severity]} ${s}::${y(e.message)}`}function $(e){return b.filter(n=>e[n]>0).map(n=>n==="info"?`${e[n]} info`:a(e[n],n)).join(", ")}function E(e){let n=v(e);return/^\s*::/.test(n)?`./${n.trimStart()}`:n}function M(e,n){if(e.length===0)return"";let r=m(e),s={error:0,warning:0,info:0};for(let t of r)s[t.severity]++;let i=b.some(t=>s[t]>p),g={error:p,warning:p,info:i?p-1:p},c=[],f={error:0,warning:0,info:0},l={error:0,warning:0,info:0};for(let t of r)f[t.severity]<g[t.severity]?(f[t.severity]++,c.push(D(t,n.toolName))):l[t.severity]++;let o=l.error+l.warning+l.info;if(o>0){let t=`${n.toolName}: ${o} more ${o===1?"finding":"findings"} not annotated (${$(l)}); see the job log or SARIF`;c.push(`::notice::${y(t)}`)}c.push(`${n.toolName}: ${a(r.length,"finding")} (${$(s)})`);for(let t of d(e))c.push(E(t));return c.map(t=>`${t}
`).join("")}var L=9e5;function u(e){return e.split(/\r\n|\r|\n/).map(n=>n.replace(/[\\`*_[\]|~$]/g,"\\$&").replace(/&/g,"&amp;").replace(/</g,"&lt;").replace(/>/g,"&gt;")).join("<br>")}function N(e){return e.replace(/[\s()<>|]/g,n=>encodeURIComponent(n))}function T(e,n){let r=`### ${u(n.toolName)}

`,s=n.files.length>0?` (${a(n.files.length,"file")} checked)`:"";if(e.length===0)return`${r}No findings${s}.
`;let i=m(e),g={error:0,warning:0,info:0};for(let o of i)g[o.severity]++;let c=new Set(i.map(o=>o.file)).size,f=`${r}${a(i.length,"finding")} (${$(g)}) in ${a(c,"file")}${s}.

| Severity | Rule | Location | Message |
| --- | --- | --- | --- |
`,l=Buffer.byteLength(f);for(let o=0;o<i.length;o++){let t=i[o],S=`| ${t.severity} | [${u(t.rule)}](${N(n.ruleDocUrl(t.rule))}) | ${u(`${t.file}:${t.line}`)} | ${u(t.message)} |
`,h=Buffer.byteLength(S);if(l+h>L){f+=`
_${i.length-o} more ${i.length-o===1?"finding":"findings"} not shown (step summary size limit); see the job log or SARIF._
`;break}f+=S,l+=h}return f}function j(e,n=process.env){let r=n.GITHUB_STEP_SUMMARY;return r?(R(r,e.endsWith(`
`)?e:`${e}
`,"utf8"),!0):!1}export{p as a,y as b,_ as c,M as d,u as e,T as f,j as g};
