import tseslint from "typescript-eslint";
import rulesArePure from "./eslint-rules/rules-are-pure.js";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "bench/corpus/**", "bench/.work/**", "coverage/**", "fixtures/**", "examples/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    files: ["rules/**/*.ts"],
    plugins: { local: { rules: { "rules-are-pure": rulesArePure } } },
    rules: { "local/rules-are-pure": "error" },
  },
  {
    // readable units: the model, the knowledge module and the CLI keep every function short enough to follow
    files: ["src/model/**/*.ts", "src/knowledge/**/*.ts", "src/cli.ts", "src/discover.ts"],
    rules: { "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", Buffer: "readonly" } },
  },
  {
    // the launcher and the shims bundled into the CommonJS CLI are CommonJS themselves
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { process: "readonly", console: "readonly", require: "readonly", module: "writable", __dirname: "readonly", globalThis: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
