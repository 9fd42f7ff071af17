import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import"./chunk-3DVXFGX6.js";import o from"node:fs";import r from"node:path";function p(t,e){let i=r.dirname(t),n=r.join(i,`.${r.basename(t)}.${process.pid}.tmp`),m=420;try{m=o.statSync(t).mode&4095}catch{}o.writeFileSync(n,e,{mode:m}),o.renameSync(n,t)}export{p as writeAtomicNew};
