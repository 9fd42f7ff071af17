import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import"./chunk-3DVXFGX6.js";function i(n,t){let o={tool:{name:t.toolName,version:t.toolVersion},diagnostics:n.map(e=>({file:e.file,line:e.line,column:e.column,endLine:e.endLine,endColumn:e.endColumn,rule:e.rule,severity:e.severity,message:e.message,fix:e.fix?{safety:e.fix.safety,title:e.fix.title}:null}))};return JSON.stringify(o,null,2)+`
`}export{i as formatJson};
