// Parses PromQL expressions with Prometheus's own parser and type checker, from the npm packages that `make tools`
// installs into .tools/node: @prometheus-io/lezer-promql (the grammar the Prometheus UI parses with) and
// @prometheus-io/codemirror-promql (its linter: argument and operand types, e.g. rate() of an instant vector).
// Usage: node check-promql.cjs queries.json   (a JSON array of {source, expr})
// Prints a JSON array of {source, expr, errors: [...], metrics: [...]}: the syntax and type errors, and every metric
// the expression selects (by name or by a __name__="..." matcher). Exits 2 when it cannot run.
const { existsSync, readFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { join, resolve } = require("node:path");

const nodeModules = resolve(process.env.PROMQL_NODE_MODULES ?? join(__dirname, "..", "..", ".tools", "node", "node_modules"));
if (!existsSync(join(nodeModules, "@prometheus-io", "codemirror-promql", "package.json"))) {
  console.error(`@prometheus-io/codemirror-promql is not installed in ${nodeModules}: run \`make tools\``);
  process.exit(2);
}

// One resolver for every package, so CodeMirror's state is loaded once (its checks rely on instanceof).
const load = createRequire(join(nodeModules, "resolve-from-here.js"));
const { parser } = load("@prometheus-io/lezer-promql");
const { EditorState } = load("@codemirror/state");
const { ensureSyntaxTree } = load("@codemirror/language");
const { PromQLExtension } = load("@prometheus-io/codemirror-promql");
const { Parser } = load("@prometheus-io/codemirror-promql/dist/cjs/parser/index.js");
const language = new PromQLExtension().asExtension();

function check({ source, expr }) {
  const errors = [];
  const metrics = new Set();
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) {
        errors.push(`syntax error at offset ${node.from}: ${JSON.stringify(expr.slice(node.from, node.from + 20))}`);
      } else if (node.name === "Identifier" && node.node.parent?.name === "VectorSelector") {
        metrics.add(expr.slice(node.from, node.to));
      } else if (node.name === "UnquotedLabelMatcher" || node.name === "QuotedLabelMatcher") {
        const text = expr.slice(node.from, node.to);
        const byName = /^"?__name__"?\s*=\s*"([^"]*)"$/.exec(text);
        if (byName) metrics.add(byName[1]);
      }
    },
  });

  // The type checker reports nothing useful on a tree with syntax errors; it runs on the sound ones.
  if (errors.length === 0) {
    // CodeMirror parses in slices of a few milliseconds, and the linter reads the tree the editor state was created
    // with: on a busy machine (or before the JIT has warmed up) that is half an expression. Finish the parse and give
    // the linter the whole tree.
    const state = EditorState.create({ doc: expr, extensions: language });
    const tree = ensureSyntaxTree(state, expr.length, 60000);
    const linter = new Parser(state);
    if (!tree || !("tree" in linter)) {
      errors.push("cannot give the linter a finished parse (a changed @prometheus-io/codemirror-promql?)");
      return { source, expr, errors, metrics: [...metrics].sort() };
    }
    linter.tree = tree;
    linter.analyze();
    for (const d of linter.getDiagnostics()) errors.push(`${d.severity}: ${d.message}`);
  }

  return { source, expr, errors, metrics: [...metrics].sort() };
}

const file = process.argv[2];
if (!file) {
  console.error("usage: node check-promql.cjs queries.json");
  process.exit(2);
}

console.log(JSON.stringify(JSON.parse(readFileSync(file, "utf8")).map(check)));
