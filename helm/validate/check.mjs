// The chart check (run by helm/check.sh, which provides helm): `helm lint --strict` and a strict validation of the
// render for every value set under <chart>/ci/ and every values example of the deployment guide, then the defect
// cases. Prints one line per test, the problems of each failure, and "chart: N passed, N failed"; exits 1 when
// anything failed.
//
//   node check.mjs --helm /path/to/helm --chart helm/secure-otp --docs docs/deployment.md
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { defectCases } from "./defects.mjs";
import { helm } from "./helm.mjs";
import { validateManifests } from "./manifests.mjs";

const { values: options } = parseArgs({ options: { helm: { type: "string" }, chart: { type: "string" }, docs: { type: "string" } } });
const chart = resolve(options.chart);
const run = helm(options.helm, chart);
const results = { passed: 0, failed: 0 };

function report(name, problems) {
  if (problems.length === 0) {
    results.passed++;
    console.log(`ok    ${name}`);
  } else {
    results.failed++;
    console.log(`FAIL  ${name}`);
    for (const problem of problems) {
      console.log(`        ${problem}`);
    }
  }
}

const firstLines = (text) => text.trim().split("\n").slice(0, 8);

/** What is wrong with a render (failure, validation problems, then `check`), and what it held. */
async function renderProblems(rendered, check) {
  if (!rendered.ok) {
    return { problems: ["render failed", ...firstLines(rendered.stderr)] };
  }
  const validated = await validateManifests(rendered.stdout);
  const problems = validated.problems.length > 0 ? validated.problems : [check(validated.objects)].filter(Boolean);
  return { ...validated, problems };
}

async function checkValueSets() {
  const valueSets = readdirSync(join(chart, "ci")).filter((file) => file.endsWith(".yaml")).sort();
  report("value sets exist under ci/", valueSets.length > 0 ? [] : ["none found"]);
  for (const file of valueSets) {
    const files = [join(chart, "ci", file)];
    const lint = run.lint({ files });
    report(`helm lint --strict -f ci/${file}`, lint.ok ? [] : firstLines(lint.stdout + lint.stderr));

    const { problems, objects, queries } = await renderProblems(run.template({ files }), () => null);
    report(`ci/${file}: renders, validates strictly, PromQL parses`, problems);
    if (objects) {
      console.log(`        (${objects.length} objects, ${queries} PromQL expressions)`);
    }
  }
}

// Each docs example and defect case starts from the defaults value set (the one value without a default: existingSecret).
const defaults = join(chart, "ci", "defaults-values.yaml");

/** The deployment guide's values must render as the guide says: each ```yaml block is a values file. */
async function checkDocsExamples(guide) {
  const blocks = [...readFileSync(guide, "utf8").matchAll(/^( *)```yaml\n([\s\S]*?)^ *```$/gm)];
  report(`${guide} has values examples`, blocks.length > 0 ? [] : ["no ```yaml block"]);
  const scratch = mkdtempSync(join(tmpdir(), "chart-docs-"));
  try {
    for (const [index, [, indent, block]] of blocks.entries()) {
      const file = join(scratch, `example-${index + 1}.yaml`);
      writeFileSync(file, block.split("\n").map((line) => line.slice(indent.length)).join("\n"));
      const { problems } = await renderProblems(run.template({ files: [defaults, file] }), () => null);
      report(`${guide} values example ${index + 1} renders and validates strictly`, problems);
    }
  } finally {
    rmSync(scratch, { recursive: true });
  }
}

async function defectProblems(testCase) {
  const options = { ...testCase, files: [defaults, ...(testCase.files ?? []).map((file) => join(chart, file))] };
  if (testCase.fails) {
    const rendered = run.template(options);
    if (rendered.ok) {
      return ["rendered, but must fail"];
    }
    return testCase.fails.test(rendered.stderr) ? [] : [`failed without matching ${testCase.fails}:`, ...firstLines(rendered.stderr)];
  }
  if (testCase.notes) {
    const installed = run.notes(options);
    return installed.ok ? [testCase.notes(installed.stdout)].filter(Boolean) : firstLines(installed.stderr);
  }
  if (testCase.problems) {
    const rendered = run.template(options);
    const { problems } = rendered.ok ? await validateManifests(rendered.stdout) : { problems: firstLines(rendered.stderr) };
    return problems.some((p) => testCase.problems.test(p)) ? [] : [`no problem matching ${testCase.problems}`, ...problems];
  }
  return (await renderProblems(run.template(options), testCase.check)).problems;
}

try {
  await checkValueSets();
  if (options.docs) {
    await checkDocsExamples(options.docs);
  }
  for (const testCase of defectCases) {
    const name = `defect ${testCase.defect}: ${testCase.name}`;
    report(name, await defectProblems(testCase).catch((error) => [`threw ${error.stack}`]));
  }
} catch (error) {
  report("the check itself", [error.stack]);
}

console.log(`chart: ${results.passed} passed, ${results.failed} failed`);
process.exitCode = results.failed > 0 ? 1 : 0;
