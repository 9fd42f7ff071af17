// Commands that run to completion and exit: a container whose PID 1 is one of them is a job, not a
// long-running service, so zombies have no time to pile up. Each entry names its source.
//
// An entry matches when the command's words, after a launcher (`npx`, `npm exec`, `python -m`, `bundle exec` …),
// start with `argv` (argv[0] compared by basename). `unless` lists words that make the same command
// long-running (`jest --watch`).

export interface OneShotCommand {
  argv: string[];
  unless?: string[];
  note: string;
  source: string;
}

export const ONE_SHOT: OneShotCommand[] = [
  // test runners: run the suite, exit with its status
  { argv: ["playwright", "test"], note: "runs the test suite and exits", source: "https://playwright.dev/docs/test-cli" },
  { argv: ["pytest"], note: "runs the test suite and exits", source: "https://docs.pytest.org/en/stable/how-to/usage.html" },
  { argv: ["py.test"], note: "runs the test suite and exits", source: "https://docs.pytest.org/en/stable/how-to/usage.html" },
  { argv: ["jest"], unless: ["--watch", "--watchAll"], note: "runs the test suite and exits unless told to watch", source: "https://jestjs.io/docs/cli" },
  { argv: ["vitest", "run"], note: "`vitest run` runs once and exits", source: "https://vitest.dev/guide/cli" },
  { argv: ["mocha"], unless: ["--watch", "-w"], note: "runs the test suite and exits unless told to watch", source: "https://mochajs.org/#command-line-usage" },
  { argv: ["go", "test"], note: "runs the package tests and exits", source: "https://pkg.go.dev/cmd/go#hdr-Test_packages" },
  { argv: ["cargo", "test"], note: "runs the tests and exits", source: "https://doc.rust-lang.org/cargo/commands/cargo-test.html" },
  { argv: ["npm", "test"], note: "runs the package's test script and exits", source: "https://docs.npmjs.com/cli/commands/npm-test" },
  { argv: ["npm", "run", "test"], note: "runs the package's test script and exits", source: "https://docs.npmjs.com/cli/commands/npm-test" },
  { argv: ["yarn", "test"], note: "runs the package's test script and exits", source: "https://classic.yarnpkg.com/en/docs/cli/test" },
  { argv: ["pnpm", "test"], note: "runs the package's test script and exits", source: "https://pnpm.io/cli/test" },
  { argv: ["tox"], note: "runs the test environments and exits", source: "https://tox.wiki/en/latest/cli_interface.html" },
  { argv: ["phpunit"], note: "runs the test suite and exits", source: "https://docs.phpunit.de/en/11.5/textui.html" },
  { argv: ["rspec"], note: "runs the test suite and exits", source: "https://rspec.info/features/3-13/rspec-core/command-line/" },
  { argv: ["cypress", "run"], note: "runs the test suite headless and exits", source: "https://docs.cypress.io/app/references/command-line#cypress-run" },
  { argv: ["newman", "run"], note: "runs a Postman collection and exits", source: "https://learning.postman.com/docs/collections/using-newman-cli/newman-options/" },
  { argv: ["k6", "run"], note: "runs the load test script and exits", source: "https://grafana.com/docs/k6/latest/using-k6/k6-options/how-to/" },
  // migrations and setup steps
  { argv: ["prisma", "migrate", "deploy"], note: "applies pending migrations and exits", source: "https://www.prisma.io/docs/orm/reference/prisma-cli-reference#migrate-deploy" },
  { argv: ["alembic", "upgrade"], note: "applies migrations and exits", source: "https://alembic.sqlalchemy.org/en/latest/tutorial.html#running-our-first-migration" },
  { argv: ["manage.py", "migrate"], note: "applies Django migrations and exits", source: "https://docs.djangoproject.com/en/stable/ref/django-admin/#migrate" },
  { argv: ["manage.py", "collectstatic"], note: "collects static files and exits", source: "https://docs.djangoproject.com/en/stable/ref/contrib/staticfiles/#collectstatic" },
  { argv: ["artisan", "migrate"], note: "applies Laravel migrations and exits", source: "https://laravel.com/docs/12.x/migrations#running-migrations" },
  { argv: ["rails", "db:migrate"], note: "applies Rails migrations and exits", source: "https://guides.rubyonrails.org/active_record_migrations.html#running-migrations" },
  { argv: ["rake", "db:migrate"], note: "applies Rails migrations and exits", source: "https://guides.rubyonrails.org/active_record_migrations.html#running-migrations" },
  { argv: ["flyway", "migrate"], note: "applies pending migrations and exits", source: "https://documentation.red-gate.com/fd/migrate-277578887.html" },
  { argv: ["liquibase", "update"], note: "applies the changelog and exits", source: "https://docs.liquibase.com/commands/update/update.html" },
  { argv: ["knex", "migrate:latest"], note: "applies pending migrations and exits", source: "https://knexjs.org/guide/migrations.html#migration-cli" },
  { argv: ["sequelize", "db:migrate"], note: "applies pending migrations and exits", source: "https://sequelize.org/docs/v6/other-topics/migrations/#running-migrations" },
  // filters and one-call clients
  { argv: ["jq"], note: "a JSON filter: reads its input, writes the result, exits", source: "https://jqlang.org/manual/#invoking-jq" },
  { argv: ["curl"], note: "one transfer, then exit", source: "https://curl.se/docs/manpage.html" },
  { argv: ["true"], note: "exits at once", source: "https://www.gnu.org/software/coreutils/manual/html_node/true-invocation.html" },
  { argv: ["echo"], note: "prints its arguments and exits", source: "https://pubs.opengroup.org/onlinepubs/9799919799/utilities/echo.html" },
];

/**
 * Utilities that do their work and exit (coreutils and their kin: nothing of them waits, loops or serves), by
 * basename; a `docker run` whose command is made only of them is a job even with `-d`. `env` exits at once only
 * when it is given no command (with one it is a wrapper: wrappers.ts).
 * https://www.gnu.org/software/coreutils/manual/coreutils.html, sed: https://www.gnu.org/software/sed/manual/sed.html,
 * envsubst: https://www.gnu.org/software/gettext/manual/html_node/envsubst-Invocation.html
 */
export const EXITS_AT_ONCE: ReadonlySet<string> = new Set([
  "true", "false", "echo", "printf", "ls", "cat", "env", "printenv", "id", "whoami", "uname", "date", "pwd", "hostname", "nproc",
  "test", "[", ":", "exit", "which", "stat", "head", "wc", "sha256sum", "md5sum", "mkdir", "chown", "chmod", "cp", "mv", "rm",
  "touch", "ln", "df", "du", "sed", "envsubst",
]);
/** Those of them that read their standard input when given no file: with `docker run -i` they wait on it. */
export const READS_STDIN: ReadonlySet<string> = new Set(["cat", "head", "wc", "sha256sum", "md5sum", "sed", "envsubst"]);

/**
 * Shell builtins that return at once (they set the shell's state or print, and neither wait nor serve): as a
 * script's last command they do not keep the container running. `wait` is a builtin the chain judges itself
 * (a shell that waits for its jobs reaps while it waits).
 * https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_15 (special built-ins),
 * https://www.gnu.org/software/bash/manual/html_node/Bash-Builtins.html
 */
export const RETURNS_AT_ONCE: ReadonlySet<string> = new Set([
  "echo", "printf", "true", "false", "exit", "return", "set", "export", "cd", ":", "test", "[", "shift", "unset", "source", ".",
  "umask", "ulimit", "wait", "trap",
]);

/**
 * Whether a command ends at once: a builtin that returns or a utility that exits. `name` is the basename of the
 * program that runs once wrappers are passed (`env NAME=value app` runs app; `env` alone prints and exits).
 */
export function endsAtOnce(name: string): boolean {
  return RETURNS_AT_ONCE.has(name) || EXITS_AT_ONCE.has(name);
}

/** Words that start a command without being the command: dropped before matching. */
const LAUNCHERS: { words: string[]; take: number }[] = [
  { words: ["npx"], take: 1 },
  { words: ["npm", "exec"], take: 2 },
  { words: ["pnpm", "exec"], take: 2 },
  { words: ["pnpm", "dlx"], take: 2 },
  { words: ["yarn", "exec"], take: 2 },
  { words: ["bunx"], take: 1 },
  { words: ["bundle", "exec"], take: 2 },
  { words: ["poetry", "run"], take: 2 },
  { words: ["uv", "run"], take: 2 },
  { words: ["pipenv", "run"], take: 2 },
  { words: ["python", "-m"], take: 2 },
  { words: ["python3", "-m"], take: 2 },
  { words: ["python"], take: 1 },
  { words: ["python3"], take: 1 },
];

function base(word: string): string {
  const i = word.lastIndexOf("/");
  return i === -1 ? word : word.slice(i + 1);
}

/** The one-shot entry the command matches, or null. */
export function oneShotCommand(argv: string[] | null, table: OneShotCommand[] = ONE_SHOT): OneShotCommand | null {
  if (!argv || argv.length === 0) return null;
  const candidates = [argv];
  for (const l of LAUNCHERS) {
    if (argv.length > l.take && l.words.every((w, i) => (i === 0 ? base(argv[i]!) === w : argv[i] === w))) {
      // `npx --yes playwright test`: options of the launcher are skipped too
      let rest = argv.slice(l.take);
      while (rest.length > 1 && rest[0]!.startsWith("-")) rest = rest.slice(1);
      candidates.push(rest);
    }
  }
  for (const words of candidates) {
    for (const e of table) {
      if (words.length < e.argv.length) continue;
      if (!e.argv.every((w, i) => (i === 0 ? base(words[0]!) === w : words[i] === w))) continue;
      if (e.unless?.some((u) => words.includes(u))) continue;
      return e;
    }
  }
  return null;
}
