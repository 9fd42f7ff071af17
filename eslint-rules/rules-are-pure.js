// Project-local lint rule: a rule module in rules/ reads the model; it may not do I/O or parse.
// Forbidden imports: node:fs, node:child_process (and their bare names), and the parser packages.
import { ESLintUtils } from "@typescript-eslint/utils";

const FORBIDDEN = [
  /^(node:)?fs(\/promises)?$/,
  /^(node:)?child_process$/,
  /^(node:)?net$/,
  /^(node:)?http$/,
  /^yaml$/,
  /^dockerfile-ast$/,
  /^web-tree-sitter$/,
  /^tree-sitter-bash$/,
  /\/src\/parse\/(compose|dockerfile|shell)(\.js)?$/,
];

const createRule = ESLintUtils.RuleCreator((name) => `https://github.com/compose-lint/compose-lint/blob/main/eslint-rules/${name}.js`);

export default createRule({
  name: "rules-are-pure",
  meta: {
    type: "problem",
    docs: { description: "rule modules read the model: no file system, processes or parsers" },
    messages: { forbidden: "rules/ must not import `{{source}}`: read the project model instead" },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const check = (node, source) => {
      if (typeof source !== "string") return;
      if (FORBIDDEN.some((re) => re.test(source))) context.report({ node, messageId: "forbidden", data: { source } });
    };
    return {
      ImportDeclaration(node) {
        if (node.importKind === "type") return; // types carry no behaviour
        check(node, node.source.value);
      },
      ImportExpression(node) {
        if (node.source.type === "Literal") check(node, node.source.value);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, node.source.value);
      },
      ExportAllDeclaration(node) {
        check(node, node.source.value);
      },
      CallExpression(node) {
        if (node.callee.type === "Identifier" && node.callee.name === "require" && node.arguments[0]?.type === "Literal") check(node, node.arguments[0].value);
      },
    };
  },
});
