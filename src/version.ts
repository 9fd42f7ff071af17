import pkg from "../package.json" with { type: "json" };

export const TOOL_NAME = "compose-lint";
export const VERSION: string = pkg.version;
export const HOMEPAGE = "https://github.com/compose-lint/compose-lint";
export function ruleDocUrl(id: string): string {
  return `${HOMEPAGE}/blob/v${VERSION}/docs/rules/${id}.md`;
}
