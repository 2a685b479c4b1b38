// Every PromQL expression the chart ships: each alert or recording rule of a PrometheusRule and each panel query of a
// Grafana dashboard in a ConfigMap, parsed with Prometheus's own Lezer grammar.
import { parser } from "@prometheus-io/lezer-promql";

// Grafana replaces its interval macros before the query reaches Prometheus; any duration parses the same way.
const grafanaMacro = /\$(__rate_interval|__interval|__range)\b|\$\{(__rate_interval|__interval|__range)\}/g;

function dashboardQueries(dashboard, where) {
  const queries = [];
  const visit = (panels) => {
    for (const panel of panels ?? []) {
      for (const target of panel.targets ?? []) {
        if (typeof target.expr === "string") {
          queries.push({ where: `${where} panel ${JSON.stringify(panel.title ?? panel.id)}`, expr: target.expr.replace(grafanaMacro, "5m") });
        }
      }
      visit(panel.panels); // panels collapsed into a row
    }
  };
  visit(dashboard.panels);
  return queries;
}

/** The PromQL expressions in one rendered object, each with where it came from. */
export function queriesOf(object) {
  const name = `${object.kind}/${object.metadata?.name}`;
  if (object.kind === "PrometheusRule") {
    return (object.spec?.groups ?? []).flatMap((group) => (group.rules ?? []).map((rule) => ({
      where: `${name} rule ${rule.alert ?? rule.record}`,
      expr: String(rule.expr ?? ""),
    })));
  }
  if (object.kind === "ConfigMap") {
    return Object.entries(object.data ?? {}).filter(([key]) => key.endsWith(".json"))
      .flatMap(([key, text]) => dashboardQueries(JSON.parse(text), `${name} ${key}`));
  }
  return [];
}

/** Why `expr` is not PromQL, or null when it parses. */
export function promqlProblem(expr) {
  if (!expr.trim()) {
    return "empty expression";
  }
  let problem = null;
  parser.parse(expr).iterate({
    enter(node) {
      if (problem === null && node.type.isError) {
        problem = `syntax error at ${node.from}: ${JSON.stringify(expr.slice(Math.max(0, node.from - 20), node.from + 20))}`;
      }
    },
  });
  return problem;
}
