// Rules the API server enforces beyond the OpenAPI schema, for the fields this chart fills from values: object names,
// label syntax, a Deployment's selector matching its pod labels, and NetworkPolicy ipBlocks (an `except` must lie
// inside its `cidr`, which also means the same IP family).
import { BlockList, isIP } from "node:net";

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const labelName = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const labelPrefix = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function labelProblems(labels, where) {
  const problems = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    const [prefix, name] = key.includes("/") ? key.split(/\/(.*)/s) : ["", key];
    if ((prefix && (prefix.length > 253 || !labelPrefix.test(prefix))) || name.length > 63 || !labelName.test(name)) {
      problems.push(`${where}: label key ${JSON.stringify(key)} is not a valid label name`);
    }
    if (typeof value !== "string" || value.length > 63 || !labelValue.test(value)) {
      problems.push(`${where}: label ${key}=${JSON.stringify(value)} is not a valid label value (63 characters of [A-Za-z0-9-_.])`);
    }
  }
  return problems;
}

function parseCidr(cidr) {
  const [address, bits] = String(cidr).split("/");
  const family = isIP(address);
  const prefix = Number(bits);
  if (!family || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) {
    return null;
  }
  return { address, prefix, family: family === 4 ? "ipv4" : "ipv6" };
}

function ipBlockProblems(spec) {
  const problems = [];
  const peers = [...(spec?.ingress ?? []).flatMap((rule) => rule.from ?? []), ...(spec?.egress ?? []).flatMap((rule) => rule.to ?? [])];
  for (const { ipBlock } of peers.filter((peer) => peer.ipBlock)) {
    const cidr = parseCidr(ipBlock.cidr);
    if (!cidr) {
      problems.push(`ipBlock cidr ${JSON.stringify(ipBlock.cidr)} is not a CIDR`);
      continue;
    }
    const within = new BlockList();
    within.addSubnet(cidr.address, cidr.prefix, cidr.family);
    for (const except of ipBlock.except ?? []) {
      const inner = parseCidr(except);
      if (!inner || inner.family !== cidr.family || inner.prefix <= cidr.prefix || !within.check(inner.address, inner.family)) {
        problems.push(`ipBlock ${ipBlock.cidr}: except ${except} is not a strict subset of it`);
      }
    }
  }
  return problems;
}

/** API-server validation problems of one object; [] when there are none. */
export function apiProblems(object) {
  const problems = [];
  // Every name the chart renders is a DNS label (fullname is cut to 63): a Service needs one, and the rest share it.
  const name = object.metadata?.name ?? "";
  if (name.length > 63 || !dnsLabel.test(name)) {
    problems.push(`metadata.name ${JSON.stringify(name)} is not a DNS label (63 characters of [a-z0-9-])`);
  }
  problems.push(...labelProblems(object.metadata?.labels, "metadata.labels"));
  if (object.kind === "Deployment") {
    const podLabels = object.spec?.template?.metadata?.labels ?? {};
    problems.push(...labelProblems(podLabels, "spec.template.metadata.labels"));
    for (const [key, value] of Object.entries(object.spec?.selector?.matchLabels ?? {})) {
      if (podLabels[key] !== value) {
        problems.push(`spec.selector ${key}=${value} does not match the pod template's labels`);
      }
    }
  }
  if (object.kind === "NetworkPolicy") {
    problems.push(...ipBlockProblems(object.spec));
  }
  return problems;
}
