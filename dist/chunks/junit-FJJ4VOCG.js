import { createRequire as __compose_lint_cr } from 'node:module'; const require = __compose_lint_cr(import.meta.url);
import{a as g,e as n,f as y}from"./chunk-QAKKUZKY.js";import"./chunk-3DVXFGX6.js";function D(h,l){let o=new Map;for(let t of l.files)o.set(t,[]);for(let t of g(h)){let s=o.get(t.file)??[];s.push(t),o.set(t.file,s)}let d=[...o.keys()].sort((t,s)=>t<s?-1:t>s?1:0),r=[],a=0,c=0;for(let t of d){let s=o.get(t),i=n(t);if(s.length===0){a++,r.push(`    <testcase classname="${i}" name="${i}" file="${i}" time="0"/>`);continue}for(let e of s){a++;let m=`${e.file}:${e.line}:${e.column}`,u=`    <testcase classname="${i}" name="${n(`${e.rule} at ${m}`)}" file="${i}" line="${e.line}" time="0">`,p=y(`${e.severity}: ${e.message}
at ${m}
rule: ${e.rule} (${l.ruleDocUrl(e.rule)})`);e.severity==="info"?r.push(`${u}
      <system-out>${p}</system-out>
    </testcase>`):(c++,r.push(`${u}
      <failure message="${n(e.message)}" type="${n(e.rule)}">${p}</failure>
    </testcase>`))}}let f=n(l.toolName),$=`tests="${a}" failures="${c}" errors="0" skipped="0" time="0"`;return['<?xml version="1.0" encoding="UTF-8"?>',`<testsuites name="${f}" ${$}>`,`  <testsuite name="${f}" ${$}>`,...r,"  </testsuite>","</testsuites>",""].join(`
`)}export{D as formatJunit};
