// Validates Kubernetes objects against the upstream OpenAPI schema, through the npm package kubernetes-models
// (installed by `make tools` into .tools/node). Usage:
//   node validate-k8s.mjs objects.json      (a JSON array of objects with apiVersion and kind)
// Prints one line per invalid object and exits 1 when there is any; 2 when it cannot run at all.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// ESM ignores NODE_PATH, so the package is imported by file from the repository's tools folder (or from
// KUBERNETES_MODELS_DIR), not by bare name.
const here = dirname(fileURLToPath(import.meta.url));
const models = resolve(
  process.env.KUBERNETES_MODELS_DIR ?? join(here, "..", "..", ".tools", "node", "node_modules", "kubernetes-models"));

if (!existsSync(join(models, "package.json"))) {
  console.error(`kubernetes-models is not installed at ${models}: run \`make tools\``);
  process.exit(2);
}

const prometheusModels = join(models, "..", "@kubernetes-models", "prometheus-operator");

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate-k8s.mjs objects.json");
  process.exit(2);
}

const objects = JSON.parse(readFileSync(file, "utf8"));
if (!Array.isArray(objects)) {
  console.error(`${file}: expected a JSON array of objects`);
  process.exit(2);
}

let invalid = 0;
for (const [index, object] of objects.entries()) {
  const { apiVersion, kind } = object ?? {};
  const label = `#${index} ${apiVersion}/${kind} ${object?.metadata?.namespace ?? ""}/${object?.metadata?.name ?? ""}`;
  // Core kinds live under v1/, the others under <group>/<version>/, one module per kind: Kubernetes' own in
  // kubernetes-models, prometheus-operator's (monitoring.coreos.com) in @kubernetes-models/prometheus-operator.
  const modulePath = [models, prometheusModels]
    .map(root => join(root, ...String(apiVersion).split("/"), `${kind}.js`))
    .find(path => existsSync(path));
  if (!apiVersion || !kind || !modulePath) {
    console.log(`${label}: unknown apiVersion/kind`);
    invalid++;
    continue;
  }

  const Model = (await import(pathToFileURL(modulePath).href))[kind];
  try {
    new Model(object).validate();
  } catch (error) {
    console.log(`${label}: ${error.message}`);
    invalid++;
  }
}

console.log(`${objects.length - invalid} of ${objects.length} objects valid`);
process.exit(invalid === 0 ? 0 : 1);
