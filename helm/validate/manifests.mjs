// Checks one `helm template` output: every document parses (no duplicate keys, YAML 1.1 scalars as the Kubernetes
// decoder reads them, so an unquoted `on` is a boolean), passes its schema strictly and the API server's rules, and
// every PromQL expression in it parses.
import { parseAllDocuments } from "yaml";
import { apiProblems } from "./api-rules.mjs";
import { promqlProblem, queriesOf } from "./promql.mjs";
import { schemaProblems } from "./schemas.mjs";

/** The objects of a multi-document YAML stream, or the parse problems (each naming its document). */
export function parseManifests(text) {
  const objects = [];
  const problems = [];
  parseAllDocuments(text, { version: "1.1", uniqueKeys: true, prettyErrors: false }).forEach((document, index) => {
    for (const error of [...document.errors, ...document.warnings]) {
      problems.push(`document ${index + 1}: ${error.message}`);
    }
    const object = document.toJS();
    if (object !== null && object !== undefined) {
      objects.push(object);
    }
  });
  return { objects, problems };
}

/** Everything wrong with a rendered chart, plus how many objects and queries were checked. */
export async function validateManifests(text) {
  const { objects, problems } = parseManifests(text);
  let queries = 0;
  for (const object of objects) {
    const name = `${object.kind}/${object.metadata?.name}`;
    for (const problem of [...(await schemaProblems(object)), ...apiProblems(object)]) {
      problems.push(`${name}: ${problem}`);
    }
    for (const { where, expr } of queriesOf(object)) {
      queries++;
      const problem = promqlProblem(expr);
      if (problem) {
        problems.push(`${where}: PromQL ${problem}`);
      }
    }
  }
  return { objects, queries, problems };
}
