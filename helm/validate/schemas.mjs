// Strict schema validation of rendered objects: the Kubernetes API schemas of kubernetes-models (5.x is generated from
// Kubernetes 1.36's OpenAPI; package-lock.json pins it) and the PrometheusRule schema of
// @kubernetes-models/prometheus-operator, both compiled ajv validators.
//
// Those validators accept unknown fields (the OpenAPI definitions do not say additionalProperties: false), while an
// API server with strict field validation, kubeconform -strict and the Prometheus Operator reject them. So every
// object is validated through a Proxy that records each property the validator looks up: a key it never looked up is
// one the schema does not define. A map-typed field (labels, data) is iterated by the validator, so its keys count as
// looked up; a free-form object would not, and would be reported (the chart renders none).
import { runValidateFunc } from "@kubernetes-models/validate";

const kubernetesModels = import.meta.resolve("kubernetes-models");
const prometheusOperator = import.meta.resolve("@kubernetes-models/prometheus-operator");

// The compiled validator's module for each API group, by the generator's naming (the packages do not export them).
const groups = {
  "": [kubernetesModels, "IoK8sApiCore"],
  apps: [kubernetesModels, "IoK8sApiApps"],
  autoscaling: [kubernetesModels, "IoK8sApiAutoscaling"],
  policy: [kubernetesModels, "IoK8sApiPolicy"],
  "networking.k8s.io": [kubernetesModels, "IoK8sApiNetworking"],
  "monitoring.coreos.com": [prometheusOperator, "ComGithubPrometheusOperatorPrometheusOperatorPkgApisMonitoring"],
};

const validators = new Map();

async function validatorFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const source = groups[group];
  if (!source || !/^v\d+((alpha|beta)\d+)?$/.test(version) || !/^[A-Z][A-Za-z]+$/.test(kind)) {
    return null;
  }
  const name = `${source[1]}${version[0].toUpperCase()}${version.slice(1)}${kind}`;
  if (!validators.has(name)) {
    validators.set(name, import(new URL(`./_schemas/${name}.js`, source[0]))
      .then((module) => module.validate, () => null));
  }
  return validators.get(name);
}

/** Wraps `value` so that every property looked up on it or below is recorded in `seen` (path → set of keys). */
function recording(value, path, seen) {
  if (value === null || typeof value !== "object") {
    return value;
  }
  const keys = new Set();
  seen.set(path, { value, keys });
  return new Proxy(value, {
    get(target, key, receiver) {
      const child = Reflect.get(target, key, receiver);
      if (typeof key !== "string" || !Object.hasOwn(target, key)) {
        return child;
      }
      keys.add(key);
      return recording(child, `${path}/${key}`, seen);
    },
    has(target, key) {
      if (typeof key === "string") {
        keys.add(key);
      }
      return Reflect.has(target, key);
    },
  });
}

/** Problems of one object against its kind's schema, unknown fields included; [] when it is valid. */
export async function schemaProblems(object) {
  const validate = await validatorFor(String(object.apiVersion ?? ""), String(object.kind ?? ""));
  if (!validate) {
    return [`no schema for ${object.apiVersion} ${object.kind}: add its API group to helm/validate/schemas.mjs`];
  }
  const problems = [];
  const seen = new Map();
  try {
    runValidateFunc(validate, recording(object, "", seen));
  } catch (error) {
    problems.push(...error.message.split(", data").map((m, i) => (i === 0 ? m : `data${m}`)));
  }
  for (const [path, { value, keys }] of seen) {
    if (!Array.isArray(value)) {
      problems.push(...Object.keys(value).filter((key) => !keys.has(key)).map((key) => `${path}/${key}: unknown field`));
    }
  }
  return problems;
}
