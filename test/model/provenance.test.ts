import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lint } from "../../src/engine/index.js";
import { FileStore } from "../../src/files.js";
import { buildProvenanceIndex, parseImageName, ProvenanceIndex, type ImageBuild } from "../../src/model/provenance.js";
import { parseHcl } from "../../src/parse/hcl.js";
import { project } from "../helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function proj(files: Record<string, string>): string {
  const d = project(files);
  dirs.push(d);
  return d;
}

const DOCKERFILE = 'FROM node:22\nCOPY . /app\nCMD ["node", "/app/server.js"]\n';

/** The index of a project: every file given is a source (compose files by their names). */
async function index(dir: string, roots: string[] = ["."]): Promise<ProvenanceIndex> {
  const all = (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
  const compose = all.filter((f) => /compose[^/]*\.ya?ml$/.test(path.basename(f)));
  return buildProvenanceIndex(new FileStore(dir, roots), { sources: all.filter((f) => !compose.includes(f)), composeFiles: compose });
}

/** `dockerfile (target) by file:line` of the builds that link an image, relative to the project. */
function links(ix: ProvenanceIndex, image: string, dir: string): string[] {
  return ix.lookup(image).links.map((l) => describeBuild(l.build, dir));
}

function describeBuild(b: ImageBuild, dir: string): string {
  const rel = (p: string): string => path.relative(dir, p).split(path.sep).join("/");
  return `${rel(b.dockerfile)}${b.target ? ` (${b.target})` : ""} by ${rel(b.by.file)}:${b.by.line}`;
}

describe("image references", () => {
  it("normalises registry and library, keeps the tag, and knows unknown parts", () => {
    expect(parseImageName("docker.io/library/nginx:1.27")).toMatchObject({ literal: "nginx", tag: "1.27" });
    expect(parseImageName("index.docker.io/acme/app")).toMatchObject({ literal: "acme/app", tag: "latest" });
    expect(parseImageName("ghcr.io/Acme/App:")).toMatchObject({ literal: "ghcr.io/acme/app", tag: null });
    expect(parseImageName("ghcr.io/acme/app:1@sha256:abcd")).toMatchObject({ literal: "ghcr.io/acme/app", tag: null });
    const reg = parseImageName("/acme/app:2")!;
    expect(reg.literal).toBeNull();
    expect(reg.pattern!.test("ghcr.io/acme/app")).toBe(true);
    expect(reg.pattern!.test("acme/app")).toBe(true);
    expect(reg.pattern!.test("ghcr.io/other/app")).toBe(false);
    // a name that is only a variable names nothing
    expect(parseImageName("ghcr.io/\u0000")).toBeNull();
  });
});

describe("provenance index", () => {
  it("a workflow's build-push-action: context, file and tags, at the line of `uses`", async () => {
    const dir = proj({
      "docker/Dockerfile": DOCKERFILE,
      ".github/workflows/release.yml": `name: release
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: build
        uses: docker/build-push-action@v6
        with:
          context: .
          file: docker/Dockerfile
          tags: ghcr.io/acme/app:\${{ github.ref_name }},ghcr.io/acme/app:latest
`,
    });
    const ix = await index(dir);
    expect(links(ix, "ghcr.io/acme/app:1.2", dir)).toEqual(["docker/Dockerfile by .github/workflows/release.yml:9"]);
    expect(links(ix, "ghcr.io/acme/app", dir)).toEqual(["docker/Dockerfile by .github/workflows/release.yml:9"]);
    expect(links(ix, "ghcr.io/acme/other:1", dir)).toEqual([]);
    // another registry is another image
    expect(links(ix, "acme/app:1", dir)).toEqual([]);
  });

  it("metadata-action images feed build-push-action's tags; a literal raw tag that differs is not the image", async () => {
    const dir = proj({
      Dockerfile: DOCKERFILE,
      ".github/workflows/ci.yml": `on: push
env:
  REGISTRY: ghcr.io
jobs:
  dev:
    runs-on: ubuntu-latest
    steps:
      - id: meta
        uses: docker/metadata-action@v5
        with:
          images: |
            \${{ env.REGISTRY }}/acme/app
            docker.io/acme/app
          tags: |
            type=raw,value=dev
      - uses: docker/build-push-action@v6
        with:
          push: true
          tags: \${{ steps.meta.outputs.tags }}
`,
    });
    const ix = await index(dir);
    expect(links(ix, "ghcr.io/acme/app:dev", dir)).toEqual(["Dockerfile by .github/workflows/ci.yml:16"]);
    expect(links(ix, "acme/app:dev", dir)).toEqual(["Dockerfile by .github/workflows/ci.yml:16"]);
    const other = ix.lookup("ghcr.io/acme/app:latest");
    expect(other.links).toEqual([]);
    expect(other.near.map((b) => describeBuild(b, dir))).toEqual(["Dockerfile by .github/workflows/ci.yml:16"]);
  });

  it("a matrix job builds one Dockerfile per instance, with tags written to $GITHUB_ENV", async () => {
    const dir = proj({
      "debian/Dockerfile": DOCKERFILE,
      "alpine/Dockerfile": 'FROM node:22-alpine\nCMD ["node", "server.js"]\n',
      ".github/workflows/release.yml": `on: push
jobs:
  release:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        base: [debian, alpine]
    env:
      IMAGE: quay.io/acme/app
      VERSION: 1.4.0
    steps:
      - name: tags
        run: echo "TAGS=$IMAGE:\${{ env.VERSION }}-\${{ matrix.base }},$IMAGE:\${{ matrix.base }}" >> $GITHUB_ENV
      - name: main tags
        if: \${{ matrix.base == 'debian' }}
        run: echo "TAGS=$TAGS,$IMAGE:\${{ env.VERSION }},$IMAGE:latest" >> $GITHUB_ENV
      - uses: docker/build-push-action@v6
        with:
          context: .
          file: ./\${{ matrix.base }}/Dockerfile
          tags: \${{ env.TAGS }}
`,
    });
    const ix = await index(dir);
    expect(links(ix, "quay.io/acme/app:1.4.0", dir)).toEqual(["debian/Dockerfile by .github/workflows/release.yml:17"]);
    expect(links(ix, "quay.io/acme/app:alpine", dir)).toEqual(["alpine/Dockerfile by .github/workflows/release.yml:17"]);
    expect(links(ix, "quay.io/acme/app:1.4.0-alpine", dir)).toEqual(["alpine/Dockerfile by .github/workflows/release.yml:17"]);
    // a tag only a variable knows: both builds
    expect(links(ix, "quay.io/acme/app:", dir).sort()).toEqual(["alpine/Dockerfile by .github/workflows/release.yml:17", "debian/Dockerfile by .github/workflows/release.yml:17"]);
  });

  it("github.repository is read from the Dockerfile's source label; a step output computed from it is followed", async () => {
    const dir = proj({
      Dockerfile: 'FROM python:3.12\nLABEL org.opencontainers.image.source="https://github.com/acme/tracker"\nCMD ["python", "-m", "tracker"]\n',
      ".github/workflows/docker.yml": `on: push
env:
  REGISTRY: ghcr.io
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - id: repo
        run: |
          name="\${{ github.repository }}"
          name="\${name,,}"
          echo "name=\${name}" >> $GITHUB_OUTPUT
      - uses: docker/build-push-action@v6
        with:
          context: .
          outputs: type=image,name=\${{ env.REGISTRY }}/\${{ steps.repo.outputs.name }},push-by-digest=true
`,
    });
    const ix = await index(dir);
    const found = ix.lookup("ghcr.io/acme/tracker:latest").links;
    expect(found.map((l) => describeBuild(l.build, dir))).toEqual(["Dockerfile by .github/workflows/docker.yml:13"]);
    expect(found[0]!.build.note).toBe("github.repository read as acme/tracker from the image source label in Dockerfile");
    // with nothing that names the repository, `ghcr.io/${{ github.repository }}` links nothing
    fs.writeFileSync(path.join(dir, "Dockerfile"), DOCKERFILE);
    expect(links(await index(dir), "ghcr.io/acme/tracker", dir)).toEqual([]);
  });

  it("a workflow condition names the repository", async () => {
    const dir = proj({
      Dockerfile: DOCKERFILE,
      ".github/workflows/image.yml": `on: push
jobs:
  push:
    if: github.repository == 'acme/app'
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          tags: ghcr.io/\${{ github.repository }}:edge
`,
    });
    const found = (await index(dir)).lookup("ghcr.io/acme/app:edge").links;
    expect(found.map((l) => describeBuild(l.build, dir))).toEqual(["Dockerfile by .github/workflows/image.yml:7"]);
    expect(found[0]!.build.note).toBe("github.repository read as acme/app from .github/workflows/image.yml");
  });

  it("a condition on the owner names the owner; go.mod names the repository", async () => {
    const dir = proj({
      Dockerfile: DOCKERFILE,
      ".github/workflows/docker.yml": `on: push
jobs:
  image:
    if: github.repository_owner == 'acme'
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          tags: ghcr.io/\${{ github.repository_owner }}/reader:nightly
`,
    });
    const found = (await index(dir)).lookup("ghcr.io/acme/reader:nightly").links;
    expect(found.map((l) => [l.repo, l.build.note])).toEqual([["exact", "github.repository_owner read as acme from .github/workflows/docker.yml"]]);
    const mod = proj({
      Dockerfile: DOCKERFILE,
      "go.mod": "module github.com/acme/reader/v2\n\ngo 1.23\n",
      ".github/workflows/docker.yml": "on: push\njobs:\n  i:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          tags: ghcr.io/\${{ github.repository }}:edge\n",
    });
    const viaMod = (await index(mod)).lookup("ghcr.io/acme/reader:edge").links;
    expect(viaMod.map((l) => l.build.note)).toEqual(["github.repository read as acme/reader from go.mod"]);
  });

  it("the git remote, package.json, Cargo.toml or pyproject.toml name the repository; none of them: unknown", async () => {
    const workflow = "on: push\njobs:\n  i:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          tags: ghcr.io/\${{ github.repository }}:edge\n";
    const cases: [string, string, string][] = [
      [".git/config", '[core]\n\tbare = false\n[remote "origin"]\n\turl = git@github.com:acme/reader.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n', ".git/config"],
      ["package.json", '{ "name": "reader", "repository": { "type": "git", "url": "git+https://github.com/acme/reader.git" } }\n', "package.json"],
      ["package.json", '{ "name": "reader", "repository": "github:acme/reader" }\n', "package.json"],
      ["Cargo.toml", '[package]\nname = "reader"\nrepository = "https://github.com/acme/reader"\n', "Cargo.toml"],
      ["pyproject.toml", '[project]\nname = "reader"\n\n[project.urls]\nSource = "https://github.com/acme/reader"\n', "pyproject.toml"],
    ];
    for (const [name, text, from] of cases) {
      const dir = proj({ Dockerfile: DOCKERFILE, [name]: text, ".github/workflows/docker.yml": workflow });
      const links = (await index(dir)).lookup("ghcr.io/acme/reader:edge").links;
      expect(links.map((l) => l.build.note), name).toEqual([`github.repository read as acme/reader from ${from}`]);
    }
    const none = proj({ Dockerfile: DOCKERFILE, "package.json": '{ "name": "reader" }\n', ".github/workflows/docker.yml": workflow });
    expect((await index(none)).lookup("ghcr.io/acme/reader:edge").links.filter((l) => l.repo === "exact")).toEqual([]);
  });

  it("GoReleaser: dockers image_templates with the file's env and project name, dockers_v2 images × tags; an unknown registry is no link", async () => {
    const dir = proj({
      "docker/Dockerfile": DOCKERFILE,
      Dockerfile: DOCKERFILE,
      ".goreleaser.yml": `project_name: mailer
env:
  - ORG=acme
dockers:
  - image_templates: ["{{ .Env.ORG }}/{{ .ProjectName }}:{{ .Version }}", "{{ .Env.REGISTRY }}/mailer:latest"]
    dockerfile: docker/Dockerfile
dockers_v2:
  - images: [ghcr.io/acme/mailer-cli]
    tags: ["{{ .Tag }}", edge]
`,
    });
    const idx = await index(dir);
    expect(idx.lookup("acme/mailer:1.4.2").links.map((l) => describeBuild(l.build, dir))).toEqual(["docker/Dockerfile by .goreleaser.yml:5"]);
    expect(idx.lookup("ghcr.io/acme/mailer-cli:edge").links.map((l) => describeBuild(l.build, dir))).toEqual(["Dockerfile by .goreleaser.yml:8"]);
    expect(idx.lookup("quay.io/other/mailer:latest").links).toEqual([]);
  });

  it("docker build in a workflow run step, with the step's env", async () => {
    const dir = proj({
      "services/api/Dockerfile": DOCKERFILE,
      ".github/workflows/ci.yml": `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      IMAGE: registry.example.com/acme/api
    steps:
      - run: |
          echo building
          docker build \\
            -t "$IMAGE:\${{ github.sha }}" \\
            -f services/api/Dockerfile services/api
`,
    });
    expect(links(await index(dir), "registry.example.com/acme/api:1.0", dir)).toEqual(["services/api/Dockerfile by .github/workflows/ci.yml:10"]);
  });

  it("Docker's reusable build workflow (docker/github-builder) with meta-images", async () => {
    const dir = proj({
      "src/Dockerfile": DOCKERFILE,
      ".github/workflows/build.yml": `on: push
jobs:
  prepare:
    runs-on: ubuntu-latest
    steps:
      - run: echo ready
  build:
    needs: prepare
    uses: docker/github-builder/.github/workflows/build.yml@v1
    with:
      output: image
      context: src
      meta-images: |
        acme/dns
        ghcr.io/\${{ github.repository_owner }}/dns
      meta-tags: |
        type=ref,event=branch
`,
    });
    const ix = await index(dir);
    expect(links(ix, "acme/dns:latest", dir)).toEqual(["src/Dockerfile by .github/workflows/build.yml:9"]);
    // the owner is not written anywhere: the ghcr.io name matches on its registry and name, as a pattern
    const byOwner = ix.lookup("ghcr.io/acme/dns").links;
    expect(byOwner.map((l) => [describeBuild(l.build, dir), l.repo])).toEqual([["src/Dockerfile by .github/workflows/build.yml:9", "pattern"]]);
    expect(links(ix, "ghcr.io/acme/dns-other", dir)).toEqual([]);
    expect(links(ix, "quay.io/acme/dns", dir)).toEqual([]);
  });

  it("GitLab CI: a variable one script item exports is known to the next", async () => {
    const dir = proj({
      "app/Dockerfile": DOCKERFILE,
      ".gitlab-ci.yml": `build:
  script:
    - export IMAGE_NAME=registry.example.com/acme/app
    - docker build --tag "\$IMAGE_NAME:\$CI_COMMIT_SHA" app
`,
    });
    expect(links(await index(dir), "registry.example.com/acme/app:main", dir)).toEqual(["app/Dockerfile by .gitlab-ci.yml:4"]);
  });

  it("bake HCL: variables, inherits, dockerfile relative to the context, at the tags line", async () => {
    const dir = proj({
      "app/Dockerfile.prod": DOCKERFILE,
      "docker-bake.hcl": `// build everything
variable "REGISTRY" {
  default = "ghcr.io/acme"
}
variable "TAG" {
  default = null
}
group "default" {
  targets = ["app"]
}
target "_common" {
  context = "app"
  args = {
    VERSION = "\${TAG}"
  }
}
target "app" {
  inherits = ["_common"]
  dockerfile = "Dockerfile.prod"
  target = "runtime"
  tags = ["\${REGISTRY}/app:\${TAG}", "\${REGISTRY}/app:latest"]
  platforms = ["linux/amd64", "linux/arm64"]
  labels = labels()
}
`,
    });
    expect(links(await index(dir), "ghcr.io/acme/app:3", dir)).toEqual(["app/Dockerfile.prod (runtime) by docker-bake.hcl:21"]);
  });

  it("bake HCL in a subdirectory with paths from the repository root", async () => {
    const dir = proj({
      "docker/Dockerfile.debian": DOCKERFILE,
      "docker/docker-bake.hcl": 'target "debian" {\n  dockerfile = "docker/Dockerfile.debian"\n  tags = ["acme/server:testing"]\n}\n',
    });
    const found = (await index(dir)).lookup("acme/server:testing").links;
    expect(found.map((l) => describeBuild(l.build, dir))).toEqual(["docker/Dockerfile.debian by docker/docker-bake.hcl:3"]);
    expect(found[0]!.build.context).toBe(dir);
  });

  it("bake JSON", async () => {
    const dir = proj({
      Dockerfile: DOCKERFILE,
      "docker-bake.json": JSON.stringify({ variable: { REPO: { default: "acme/web" } }, target: { web: { context: ".", tags: ["${REPO}:${VERSION}"] } } }, null, 2),
    });
    expect(links(await index(dir), "docker.io/acme/web:2", dir)).toEqual(["Dockerfile by docker-bake.json:10"]);
  });

  it("a Makefile's docker build -t … -f …", async () => {
    const dir = proj({
      "build/Dockerfile": DOCKERFILE,
      Makefile: "IMAGE := acme/worker\n\nimage:\n\tdocker build -t $(IMAGE):dev -f build/Dockerfile .\n\nrun:\n\tdocker run --rm $(IMAGE):dev\n",
    });
    expect(links(await index(dir), "acme/worker:dev", dir)).toEqual(["build/Dockerfile by Makefile:4"]);
  });

  it("GitLab CI: docker build with the job's variables, and kaniko", async () => {
    const dir = proj({
      Dockerfile: DOCKERFILE,
      "worker/Dockerfile": DOCKERFILE,
      ".gitlab-ci.yml": `stages: [build]
variables:
  IMAGE: registry.gitlab.com/acme/app
build:
  stage: build
  image: docker:27
  services: [docker:27-dind]
  script:
    - docker build -t "$IMAGE:$CI_COMMIT_SHORT_SHA" .
worker:
  stage: build
  image:
    name: gcr.io/kaniko-project/executor:debug
    entrypoint: [""]
  script:
    - /kaniko/executor --context "$CI_PROJECT_DIR/worker" --dockerfile "$CI_PROJECT_DIR/worker/Dockerfile" --destination "registry.gitlab.com/acme/worker:$CI_COMMIT_TAG"
`,
    });
    const ix = await index(dir);
    expect(links(ix, "registry.gitlab.com/acme/app:main", dir)).toEqual(["Dockerfile by .gitlab-ci.yml:9"]);
    expect(links(ix, "registry.gitlab.com/acme/worker:1", dir)).toEqual(["worker/Dockerfile by .gitlab-ci.yml:16"]);
  });

  it("another compose file with build: and the same image:", async () => {
    const dir = proj({
      "src/Dockerfile": DOCKERFILE,
      "docker-compose.dev.yml": "services:\n  app:\n    build:\n      context: ./src\n      target: dev\n    image: acme/app:${TAG:-latest}\n",
    });
    expect(links(await index(dir), "acme/app:1.0", dir)).toEqual(["src/Dockerfile (dev) by docker-compose.dev.yml:6"]);
  });

  it("a registry that only a variable knows matches on the rest of the name; a default is taken", async () => {
    const dir = proj({
      Dockerfile: DOCKERFILE,
      "web/Dockerfile": DOCKERFILE,
      ".github/workflows/ci.yml": `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t "\${REGISTRY}/acme/app:latest" .
      - run: docker build -t "\${WEB_REGISTRY:-quay.io}/acme/web:latest" web
`,
    });
    const ix = await index(dir);
    const found = ix.lookup("ghcr.io/acme/app:latest").links;
    expect(found.map((l) => [describeBuild(l.build, dir), l.repo])).toEqual([["Dockerfile by .github/workflows/ci.yml:6", "pattern"]]);
    expect(links(ix, "acme/app", dir)).toEqual(["Dockerfile by .github/workflows/ci.yml:6"]);
    expect(links(ix, "ghcr.io/other/app:latest", dir)).toEqual([]);
    expect(ix.lookup("quay.io/acme/web").links.map((l) => l.repo)).toEqual(["exact"]);
    expect(links(ix, "ghcr.io/acme/web", dir)).toEqual([]);
  });

  it("several Dockerfiles build the image: all are returned, in file and line order", async () => {
    const dir = proj({
      "a/Dockerfile": DOCKERFILE,
      "b/Dockerfile": DOCKERFILE,
      Makefile: "a:\n\tdocker build -t acme/app:dev a\nb:\n\tdocker build -t acme/app:dev b\n",
      "compose.build.yaml": "services:\n  app:\n    build: b\n    image: acme/app:dev\n",
    });
    expect(links(await index(dir), "acme/app:dev", dir)).toEqual(["a/Dockerfile by Makefile:2", "b/Dockerfile by Makefile:4"]);
  });

  it("never reads a Dockerfile outside the linted paths", async () => {
    const dir = proj({
      "outside/Dockerfile": DOCKERFILE,
      "repo/Makefile": "image:\n\tdocker build -t acme/app:dev -f ../outside/Dockerfile .\n",
    });
    const ix = await index(dir, ["repo"]);
    expect(ix.lookup("acme/app:dev").links).toEqual([]);
  });
});

describe("one parse per file and run", () => {
  it("the index takes the compose loader's and the workflow reader's parses; a replaced text is parsed anew", async () => {
    const compose = "services:\n  app:\n    build: ./app\n    image: ghcr.io/acme/app:1\n";
    const workflow = "on: push\njobs:\n  i:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: web\n          tags: ghcr.io/acme/web:latest\n";
    const dir = proj({ "compose.yaml": compose, "app/Dockerfile": DOCKERFILE, "web/Dockerfile": DOCKERFILE, ".github/workflows/release.yml": workflow });
    const files = new FileStore(dir, ["."]);
    const composePath = path.join(dir, "compose.yaml");
    const workflowPath = path.join(dir, ".github/workflows/release.yml");
    const ix = await buildProvenanceIndex(files, { sources: [workflowPath], composeFiles: [composePath] });
    expect(links(ix, "ghcr.io/acme/app:1", dir)).toEqual(["app/Dockerfile by compose.yaml:4"]);
    expect(links(ix, "ghcr.io/acme/web", dir)).toEqual(["web/Dockerfile by .github/workflows/release.yml:6"]);
    // what the index parsed is what the compose loader and the workflow containers read next: no second parse
    const again = (): never => {
      throw new Error("parsed a second time");
    };
    const parsedCompose = files.derived<{ model: { servicesNode: unknown } | null }>(files.get(composePath)!, "compose", again);
    expect(parsedCompose.model?.servicesNode).not.toBeNull();
    const wf = files.get(workflowPath)!;
    expect(files.yamlDocument(wf)).toBe(files.derived(wf, "yaml", again));
    // the language server and the fixer replace texts: a new text has no parse yet, and the index reads it
    files.override(composePath, compose.replace("ghcr.io/acme/app:1", "ghcr.io/acme/app:2"));
    expect(() => files.derived(files.get(composePath)!, "compose", again)).toThrow("parsed a second time");
    const ix2 = await buildProvenanceIndex(files, { sources: [], composeFiles: [composePath] });
    expect(links(ix2, "ghcr.io/acme/app:2", dir)).toEqual(["app/Dockerfile by compose.yaml:4"]);
    expect(links(ix2, "ghcr.io/acme/app:1", dir)).toEqual([]);
  });
});

describe("workflows read once per text", () => {
  it("the units of a large tree share what a workflow builds; a changed text is read anew", async () => {
    const workflow = (tag: string): string => `on: push\njobs:\n  i:\n    if: github.repository == 'acme/web'\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: web\n          tags: ghcr.io/\${{ github.repository }}:${tag}\n`;
    const dir = proj({ "web/Dockerfile": DOCKERFILE, ".github/workflows/release.yml": workflow("1") });
    const wfPath = path.join(dir, ".github/workflows/release.yml");
    const again = (): never => {
      throw new Error("parsed a second time");
    };
    const first = await buildProvenanceIndex(new FileStore(dir, ["."]), { sources: [wfPath], composeFiles: [] });
    expect(links(first, "ghcr.io/acme/web:1", dir)).toEqual(["web/Dockerfile by .github/workflows/release.yml:7"]);
    // another unit (another store), same text: the same links, the repository name its condition says, no parse
    const store = new FileStore(dir, ["."]);
    const second = await buildProvenanceIndex(store, { sources: [wfPath], composeFiles: [] });
    expect(second.lookup("ghcr.io/acme/web:1").links.map((l) => l.build.note)).toEqual(["github.repository read as acme/web from .github/workflows/release.yml"]);
    expect(() => store.derived(store.get(wfPath)!, "yaml", again)).toThrow("parsed a second time");
    // the file changed: read anew
    fs.writeFileSync(wfPath, workflow("2"));
    const third = await buildProvenanceIndex(new FileStore(dir, ["."]), { sources: [wfPath], composeFiles: [] });
    expect(links(third, "ghcr.io/acme/web:2", dir)).toEqual(["web/Dockerfile by .github/workflows/release.yml:7"]);
    expect(links(third, "ghcr.io/acme/web:1", dir)).toEqual([]);
  });
});

describe("HCL reader", () => {
  it("reads targets and variables and skips what it does not evaluate", () => {
    const bake = parseHcl(`# comment
variable "A" { default = "x" }
/* block
comment */
function "f" {
  params = [a]
  result = "\${a}-y"
}
target "t" {
  tags = [for v in ["1", "2"] : "img:\${v}"]
  context = cond ? "a" : "b"
  dockerfile = <<EOT
FROM scratch
EOT
  target = "final"
  args = { K = "v", L = ["m"] }
}
target "u" { tags = ["img:\${A}"] }
`);
    expect([...bake.variables]).toEqual([["A", "x"]]);
    expect([...bake.targets.keys()]).toEqual(["t", "u"]);
    const t = bake.targets.get("t")!;
    expect(t.attrs.get("target")!.value).toEqual({ kind: "string", parts: ["final"] });
    expect(t.attrs.get("context")!.value.kind).toBe("other");
    expect(t.attrs.get("dockerfile")!.value.kind).toBe("other");
    expect(bake.targets.get("u")!.attrs.get("tags")!.line).toBe(18);
  });

  it("stops on unterminated input", () => {
    expect(() => parseHcl('target "x" {\n  tags = ["a\n')).not.toThrow();
    expect(() => parseHcl("{{{{[[[[\"")).not.toThrow();
  });
});

describe("linked containers", () => {
  it("a `docker run` of an image a Makefile builds elsewhere, and a workflow service of an image a workflow builds", async () => {
    const dir = proj({
      "images/worker/Dockerfile": 'FROM python:3.12-slim\nCMD ["python", "-m", "worker"]\n',
      "images/Makefile": "worker:\n\tdocker build -t acme/worker:ci worker\n",
      "scripts/start.sh": "#!/bin/sh\ndocker run -d --restart unless-stopped --name worker acme/worker:ci\n",
      ".github/workflows/e2e.yml": `on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          context: images/worker
          tags: ghcr.io/acme/worker:e2e
  e2e:
    needs: image
    runs-on: ubuntu-latest
    services:
      worker:
        image: ghcr.io/acme/worker:e2e
    steps:
      - run: make e2e
`,
    });
    const r = await lint(["."], { cwd: dir });
    const run = r.model!.containers.find((c) => c.kind === "docker-run")!;
    expect(run.chain.verdict).toBe("non-reaper");
    expect(run.chain.how).toContain("acme/worker is built from images/worker/Dockerfile by images/Makefile:2");
    const svc = r.model!.containers.find((c) => c.kind === "workflow" && c.name.startsWith("service"))!;
    expect(svc.chain.program).toBe("python");
    expect(svc.chain.how).toContain("ghcr.io/acme/worker is built from images/worker/Dockerfile by .github/workflows/e2e.yml:6");
  });

  it("a large tree linted in units: the unit with the compose file still sees the workflow that builds its image", async () => {
    const files: Record<string, string> = {
      "apps/shop/compose.yaml": "services:\n  shop:\n    image: ghcr.io/acme/shop\n    restart: always\n  pinned:\n    image: ghcr.io/acme/shop:1\n    restart: always\n",
      "apps/shop/Dockerfile": DOCKERFILE,
      ".github/workflows/release.yml": "on: push\njobs:\n  i:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: apps/shop\n          tags: ghcr.io/acme/shop:latest\n",
    };
    for (let i = 0; i < 420; i++) files[`misc/tool-${i}.sh`] = "#!/bin/sh\necho hi\n";
    const dir = proj(files);
    const r = await lint(["."], { cwd: dir });
    expect(r.model).toBeNull();
    const found = r.diagnostics.filter((x) => x.rule === "missing-init" && x.file === "apps/shop/compose.yaml");
    expect(found.map((d) => [d.line, d.severity])).toEqual([[2, "warning"], [5, "info"]]);
    expect(found[0]!.message).toContain("ghcr.io/acme/shop is built from apps/shop/Dockerfile by .github/workflows/release.yml:6");
    // a tag the repository does not build is not linked: the reason names what it builds
    expect(found[1]!.message).toContain("the repository builds it only under other tags: ghcr.io/acme/shop:latest (.github/workflows/release.yml:6)");
  });

  it("an image nothing builds stays unknown and says what was tried", async () => {
    const dir = proj({ "compose.yaml": "services:\n  app:\n    image: ghcr.io/acme/unbuilt:1\n    restart: always\n" });
    const r = await lint(["."], { cwd: dir });
    const d = r.diagnostics.find((x) => x.rule === "missing-init")!;
    expect(d.severity).toBe("info");
    expect(d.message).toContain("no workflow, bake file, Makefile or script, GitLab CI job, GoReleaser config or compose `build:` here builds it");
  });
});

describe("ProvenanceIndex.lookup on many builds", () => {
  it("finds what a scan of every build finds, in the same order (the index by repository changes nothing)", () => {
    const U = "\u0000";
    const names = ["ghcr.io/acme/app", "acme/app", "acme/api", "registry.example.com/team/web", "nginx", `ghcr.io/${U}/app`, `acme/${U}`, `${U}/app`];
    const tags = ["latest", "1.0", "2.0", `${U}`];
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
    const builds: ImageBuild[] = Array.from({ length: 300 }, (_, i) => ({
      refs: Array.from({ length: 1 + rnd(3) }, () => parseImageName(`${names[rnd(names.length)]}:${tags[rnd(tags.length)]}`)).filter((r) => r !== null),
      dockerfile: `/p/${i % 40}/Dockerfile`,
      context: `/p/${i % 40}`,
      target: i % 3 === 0 ? "prod" : null,
      by: { file: `/p/${rnd(50)}/compose.yml`, line: 1 + rnd(30) },
      via: "compose service `app`",
    }));
    const ix = new ProvenanceIndex(builds);
    // the lookup as a plain scan of every build, as it was written before the index
    const scan = (image: string): { links: string[]; near: ImageBuild[] } => {
      const want = parseImageName(image)!;
      let best: { b: ImageBuild; rank: number }[] = [];
      const near: ImageBuild[] = [];
      for (const b of builds) {
        let own: { b: ImageBuild; rank: number } | null = null;
        let mismatched = false;
        for (const r of b.refs) {
          const repo = want.literal !== null && r.literal !== null ? (want.literal === r.literal ? 2 : -1) : want.literal !== null && r.pattern ? (r.pattern.test(want.literal) ? 0 : -1) : r.literal !== null && want.pattern ? (want.pattern.test(r.literal) ? 0 : -1) : -1;
          if (repo < 0) continue;
          if (want.tag !== null && r.tag !== null && want.tag !== r.tag) {
            mismatched = true;
            continue;
          }
          const rank = repo + (want.tag !== null && r.tag !== null ? 1 : 0);
          if (!own || rank > own.rank) own = { b, rank };
        }
        if (own) {
          if (!best.length || own.rank > best[0]!.rank) best = [own];
          else if (own.rank === best[0]!.rank) best.push(own);
        } else if (mismatched) near.push(b);
      }
      best.sort((x, y) => (x.b.by.file < y.b.by.file ? -1 : x.b.by.file > y.b.by.file ? 1 : x.b.by.line - y.b.by.line));
      const seen = new Set<string>();
      return { links: best.map((x) => `${x.b.dockerfile} ${x.b.target}`).filter((k) => !seen.has(k) && !!seen.add(k)), near };
    };
    let found = 0;
    for (const n of [...names, "nginx", "other/thing"]) {
      for (const t of [...tags, "3.0"]) {
        const image = `${n}:${t}`;
        if (!parseImageName(image)) continue;
        const got = ix.lookup(image);
        const want = scan(image);
        expect(got.links.map((l) => `${l.build.dockerfile} ${l.build.target}`), image).toEqual(want.links);
        expect(got.near, image).toEqual(want.near);
        found += got.links.length;
      }
    }
    expect(found).toBeGreaterThan(50);
  });
});
