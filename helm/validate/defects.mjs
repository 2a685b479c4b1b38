// The defects an SRE review found in the chart (issue 17), one or more cases each, so that none comes back. A case
// either must fail to render (`fails`: the error must match) or must render cleanly (strict validation included)
// and pass `check`, which returns what is wrong or nothing. `notes` checks NOTES.txt instead of the objects.

const deployment = (objects) => objects.find((o) => o.kind === "Deployment");
const container = (objects) => deployment(objects).spec.template.spec.containers[0];
const env = (objects, name) => container(objects).env.find((e) => e.name === name);
const configData = (objects) => objects.find((o) => o.kind === "ConfigMap" && o.data?.ASPNETCORE_ENVIRONMENT).data;
const networkPolicy = (objects) => objects.find((o) => o.kind === "NetworkPolicy");
const egressPorts = (objects) => networkPolicy(objects).spec.egress.flatMap((rule) => rule.ports ?? [])
  .filter((port) => port.protocol === "TCP").map((port) => port.port);
const expect = (ok, message) => (ok ? null : message);

const readiness = [
  {
    name: "the default readiness probe keeps a pod in the Service through 20 s of failed Redis PINGs",
    check: (objects) => {
      const probe = container(objects).readinessProbe;
      return expect(probe.failureThreshold * probe.periodSeconds >= 20, `window ${probe.failureThreshold} x ${probe.periodSeconds} s`);
    },
  },
  { name: "a readiness window under 20 s fails the render", set: ["readinessProbe.failureThreshold=1"], fails: /readinessProbe/ },
];

const redisPorts = [
  {
    name: "a managed Redis on 6380 gets egress on 6380 and on no unused Redis port",
    files: ["ci/managed-redis-6380-values.yaml"],
    check: (objects) => {
      const ports = egressPorts(objects);
      return expect(ports.includes(6380) && !ports.includes(6379) && !ports.includes(26379), `TCP egress ports ${ports}`);
    },
  },
  {
    name: "Sentinel gets egress to the sentinels' port and to the servers' port",
    files: ["ci/sentinel-values.yaml"],
    check: (objects) => expect([26379, 6379].every((p) => egressPorts(objects).includes(p)), `TCP egress ports ${egressPorts(objects)}`),
  },
  {
    name: "Sentinel without extraPorts gets egress to the sentinels' port and to 6379 (Bitnami's servers)",
    set: ["redis.mode=sentinel", "redis.endpoints[0]=redis-node-0.redis-headless:26379"],
    check: (objects) => expect([26379, 6379].every((p) => egressPorts(objects).includes(p)), `TCP egress ports ${egressPorts(objects)}`),
  },
  {
    name: "Sentinel with servers on another port allows that port and not 6379",
    set: ["redis.mode=sentinel", "redis.endpoints[0]=sentinel:26379", "networkPolicy.egress.redis.extraPorts[0]=6390"],
    check: (objects) => {
      const ports = egressPorts(objects);
      return expect(ports.includes(6390) && !ports.includes(6379), `TCP egress ports ${ports}`);
    },
  },
];

const volumeMount = (objects, name) => container(objects).volumeMounts.find((m) => m.name === name);
const chartSettings = [
  {
    name: "a private Redis CA is mounted from its ConfigMap and named in Redis__TrustedCaPath",
    set: ["redis.tls=true", "redis.trustedCa.configMapName=redis-ca", "redis.trustedCa.key=root.pem"],
    check: (objects) => {
      const volume = deployment(objects).spec.template.spec.volumes.find((v) => v.name === "redis-trusted-ca");
      const path = env(objects, "Redis__TrustedCaPath")?.value;
      const mount = volumeMount(objects, "redis-trusted-ca");
      return expect(volume?.configMap?.name === "redis-ca" && volume.configMap.items[0].key === "root.pem"
        && mount && path === `${mount.mountPath}/${volume.configMap.items[0].path}`, `volume ${JSON.stringify(volume)}, path ${path}`);
    },
  },
  { name: "a Redis CA without TLS fails the render", set: ["redis.trustedCa.configMapName=redis-ca"], fails: /redis\.tls/ },
  {
    name: "no Redis CA: no mount and no Redis__TrustedCaPath",
    check: (objects) => expect(!env(objects, "Redis__TrustedCaPath") && !volumeMount(objects, "redis-trusted-ca"), "a CA is mounted"),
  },
  {
    name: "denied number types unset keep the service's default (no key rendered)",
    check: (objects) => expect(!Object.keys(configData(objects)).some((k) => k.startsWith("Risk__DeniedNumberTypes")), "a key is rendered"),
  },
  {
    name: "denied number types listed are rendered in order",
    setJson: ['risk.deniedNumberTypes=["PremiumRate","Voip"]'],
    check: (objects) => {
      const data = configData(objects);
      return expect(data.Risk__DeniedNumberTypes__0 === "PremiumRate" && data.Risk__DeniedNumberTypes__1 === "Voip", JSON.stringify(data));
    },
  },
  {
    name: "an empty list of denied number types is one blank entry (the service then denies none)",
    setJson: ["risk.deniedNumberTypes=[]"],
    check: (objects) => {
      const data = configData(objects);
      return expect(data.Risk__DeniedNumberTypes__0 === "" && !("Risk__DeniedNumberTypes__1" in data), JSON.stringify(data));
    },
  },
  { name: "an unknown number type fails validation", setJson: ['risk.deniedNumberTypes=["Premium"]'], fails: /deniedNumberTypes/ },
  {
    name: "tenant shares unset leave the service's default (no key rendered)",
    check: (objects) => expect(!Object.keys(configData(objects)).some((k) => /PerCountryPerMinutePerTenant|PerPrefixPerTenant|^Limits__TenantCountryBudgets/.test(k)), "a share is rendered"),
  },
  {
    name: "tenant shares set, 0 included, are rendered",
    setJson: ["limits.sendsPerCountryPerMinutePerTenant=0", "limits.distinctNumbersPerPrefixPerTenant=3", 'limits.tenantCountryBudgets={"shop":{"44":40}}'],
    check: (objects) => {
      const data = configData(objects);
      return expect(data.Limits__SendsPerCountryPerMinutePerTenant === "0" && data.Limits__DistinctNumbersPerPrefixPerTenant === "3"
        && data.Limits__TenantCountryBudgets__shop__44 === "40", JSON.stringify(data));
    },
  },
];

const gracePeriod = (objects) => deployment(objects).spec.template.spec.terminationGracePeriodSeconds;
const terminationGrace = [
  {
    name: "a longer shutdown timeout lengthens the grace period (5 s + 60 s + 10 s)",
    set: ["hosting.shutdownTimeout=00:01:00"],
    check: (objects) => expect(gracePeriod(objects) === 75, `terminationGracePeriodSeconds ${gracePeriod(objects)}`),
  },
  {
    name: "fractions and days count: 2.5 s + 1 day + 10 s, rounded up",
    set: ["hosting.drainDelay=00:00:02.500", "hosting.shutdownTimeout=1.00:00:00"],
    check: (objects) => expect(gracePeriod(objects) === 86413, `terminationGracePeriodSeconds ${gracePeriod(objects)}`),
  },
  {
    name: "an explicit grace period shorter than drain + shutdown + 10 s fails the render",
    set: ["terminationGracePeriodSeconds=30"],
    fails: /terminationGracePeriodSeconds 30 is too short/,
  },
  {
    name: "an explicit grace period long enough is kept",
    set: ["terminationGracePeriodSeconds=120"],
    check: (objects) => expect(gracePeriod(objects) === 120, `terminationGracePeriodSeconds ${gracePeriod(objects)}`),
  },
];

const development = [
  ...["development", "DEVELOPMENT", "Development", "dEvElOpMeNt"].map((value) => ({
    name: `environment=${value} fails the render`,
    set: [`environment=${value}`],
    fails: /environment/,
  })),
  {
    name: "environment=development fails even with --skip-schema-validation",
    set: ["environment=development"],
    args: ["--skip-schema-validation"],
    fails: /Development/,
  },
  {
    name: "environment=Staging renders",
    set: ["environment=Staging"],
    check: (objects) => expect(configData(objects).ASPNETCORE_ENVIRONMENT === "Staging", "ASPNETCORE_ENVIRONMENT"),
  },
];

// A value the service's start-up validators refuse must fail the install, not crash-loop the pods.
const outOfRange = [
  ["an unknown top-level key", "replicas=3"],
  ["otp.maxAttempts above 10", "otp.maxAttempts=11"],
  ["otp.ttl above 10 min", "otp.ttl=00:11:00"],
  ["otp.ttl below 30 s", "otp.ttl=00:00:10"],
  ["otp.ttl not a duration", "otp.ttl=5m"],
  ["otp.resendCooldown above otp.ttl", "otp.resendCooldown=00:06:00"],
  ["otp.idempotencyRetention above 7 days", "otp.idempotencyRetention=8.00:00:00"],
  ["limits.prefixDigits below 4", "limits.prefixDigits=3"],
  ["limits.failedVerifiesPerUserPerDay above 100", "limits.failedVerifiesPerUserPerDay=101"],
  ["limits.sendsPerIpPerHour above 100000", "limits.sendsPerIpPerHour=100001"],
  ["limits.prefixWindow below 10 s", "limits.prefixWindow=00:00:05"],
  ["redis.waitForReplicas above 5", "redis.waitForReplicas=6"],
  ["redis.operationTimeout above 5 s", "redis.operationTimeout=00:00:06"],
  ["redis.waitTimeout above 1 s", "redis.waitTimeout=00:00:02"],
  ["sms.brand longer than 30 characters", "sms.brand=Thirty-one characters brand name"],
  ["sms.vonage.from longer than 11 letters", "sms.vonage.from=SecureOtpLogin"],
  ["sms.resilience.maxRetries above 5", "sms.resilience.maxRetries=6"],
  ["sms.resilience.totalTimeout above 30 s", "sms.resilience.totalTimeout=00:00:31"],
  ["sms.resilience.attemptTimeout above the total", "sms.resilience.attemptTimeout=00:00:07"],
  ["sms.resilience.breakerFailureRatio above 1", "sms.resilience.breakerFailureRatio=1.5"],
  ["simSwap.maxAgeHours above 2400", "simSwap.maxAgeHours=2401"],
  ["simSwap.cacheDuration above 1 h", "simSwap.cacheDuration=02:00:00"],
  ["simSwap.totalTimeout above 10 s", "simSwap.totalTimeout=00:00:11"],
  ["otp.codeLength 5 without otp.allowShortCodes", "otp.codeLength=5", /otp[./]allowShortCodes/],
  ["simSwap.provider=Camara without its URLs and client id", "simSwap.provider=Camara", /simSwap[./]baseUrl/],
  ["simSwap.provider=Vonage without an application id", "simSwap.provider=Vonage", /simSwap[./]applicationId/],
].map(([what, set, fails]) => ({
  name: `${what} fails the render, naming the key`,
  set: [set],
  fails: fails ?? new RegExp(set.split("=")[0].replaceAll(".", "[./]")),
}))
  .concat([
    { name: "redis.keyPrefix with a hash tag fails the render", setJson: ['redis.keyPrefix="{so}"'], fails: /redis[./]keyPrefix/ },
    { name: "an SMS template without {code} fails the render", setJson: ['sms.templates={"fr":"votre code"}'], fails: /sms[./]templates/ },
    { name: "a payment template without {payee} fails the render", setJson: ['sms.paymentTemplates={"fr":"{code} pour {amount}"}'], fails: /sms[./]paymentTemplates/ },
    { name: "a 5-digit code with otp.allowShortCodes renders", set: ["otp.codeLength=5", "otp.allowShortCodes=true"], check: () => null },
  ]);

const labelsOf = (object) => object.metadata.labels;
const duplicateLabels = [
  {
    name: "commonLabels repeating a chart label render it once, with the given value",
    setJson: ['commonLabels={"app.kubernetes.io/part-of":"login","team":"identity"}'],
    check: (objects) => expect(objects.every((o) => labelsOf(o)["app.kubernetes.io/part-of"] === "login" && labelsOf(o).team === "identity"),
      "an object lacks the given labels"),
  },
  {
    name: "podLabels repeating a chart label render it once, with the given value",
    setJson: ['podLabels={"app.kubernetes.io/version":"canary"}'],
    check: (objects) => expect(deployment(objects).spec.template.metadata.labels["app.kubernetes.io/version"] === "canary", "pod label"),
  },
  {
    name: "PrometheusRule labels repeating commonLabels render once, the rule's own value winning",
    set: ["metrics.prometheusRule.enabled=true"],
    setJson: ['commonLabels={"release":"platform"}'],
    check: (objects) => expect(labelsOf(objects.find((o) => o.kind === "PrometheusRule")).release === "kube-prometheus-stack", "release label"),
  },
  ...["podLabels", "commonLabels"].map((key) => ({
    name: `${key} replacing a selector label fail the render`,
    setJson: [`${key}={"app.kubernetes.io/name":"other"}`],
    fails: /selector label app\.kubernetes\.io\/name/,
  })),
];

const redisPassword = [
  {
    name: "the Redis password comes from the Secret in its own variable, never inside the connection string",
    check: (objects) => {
      const password = env(objects, "Redis__Password")?.valueFrom?.secretKeyRef;
      const values = [...container(objects).env.map((e) => e.value ?? ""), ...Object.values(configData(objects))];
      return expect(password?.name === "secure-otp" && password?.key === "redis-password"
        && configData(objects).Redis__Configuration === "redis-master:6379,abortConnect=false"
        && !values.some((v) => /password=|\$\(/i.test(v)), "Redis__Password / Redis__Configuration");
    },
  },
  {
    name: "Sentinel's connection string names the service and carries no password",
    files: ["ci/sentinel-values.yaml"],
    check: (objects) => expect(/,serviceName=mymaster,abortConnect=false$/.test(configData(objects).Redis__Configuration)
      && env(objects, "Redis__Password") !== undefined, configData(objects).Redis__Configuration),
  },
  {
    name: "without redis.auth there is no password variable",
    set: ["redis.auth.enabled=false"],
    check: (objects) => expect(env(objects, "Redis__Password") === undefined, "Redis__Password is set"),
  },
  {
    name: "a password in redis.extraOptions fails the render",
    set: ["redis.extraOptions=abortConnect=false\\,password=x"],
    fails: /redis[./]extraOptions/,
  },
];

const leftovers = [
  {
    name: "provider egress covers IPv6 as well as IPv4, each without its private ranges",
    check: (objects) => {
      const blocks = networkPolicy(objects).spec.egress.flatMap((rule) => rule.to ?? []).map((peer) => peer.ipBlock).filter(Boolean);
      const byCidr = Object.fromEntries(blocks.map((block) => [block.cidr, block.except ?? []]));
      return expect(byCidr["0.0.0.0/0"]?.includes("10.0.0.0/8") && byCidr["::/0"]?.includes("fc00::/7"), JSON.stringify(blocks));
    },
  },
  {
    name: "the PrometheusRule carries kube-prometheus-stack's release label by default",
    set: ["metrics.prometheusRule.enabled=true"],
    check: (objects) => expect(labelsOf(objects.find((o) => o.kind === "PrometheusRule")).release === "kube-prometheus-stack", "no release label"),
  },
  {
    name: "every runbook_url is absolute, on the configured base, with the alert's anchor",
    files: ["ci/observability-values.yaml"],
    check: (objects) => {
      const rules = objects.find((o) => o.kind === "PrometheusRule").spec.groups.flatMap((g) => g.rules);
      const base = "https://git.example.com/auth/secure-otp/-/blob/main/docs/operations.md#";
      const bad = rules.filter((r) => r.annotations.runbook_url !== `${base}${r.alert.toLowerCase()}`);
      return expect(rules.length > 0 && bad.length === 0, `runbook_url of ${bad.map((r) => r.alert)}`);
    },
  },
  { name: "a cluster older than the chart's kubeVersion fails the render", args: ["--kube-version", "1.24.0"], fails: /kubeVersion|incompatible/i },
  {
    name: "an empty image.registry renders the repository as given",
    set: ["image.registry="],
    check: (objects) => expect(container(objects).image === "example/secure-otp:0.1.0", container(objects).image),
  },
  {
    name: "NOTES name the Camara client secret's key when simSwap.provider=Camara",
    set: ["simSwap.provider=Camara", "simSwap.baseUrl=https://camara.example.com/sim-swap/v2",
      "simSwap.tokenUrl=https://camara.example.com/oauth2/token", "simSwap.clientId=secure-otp"],
    notes: (text) => expect(text.includes('"simswap-client-secret"'), text),
  },
  {
    name: "NOTES name the Vonage private key's key when simSwap.provider=Vonage",
    set: ["simSwap.provider=Vonage", "simSwap.applicationId=app-1"],
    notes: (text) => expect(text.includes('"simswap-private-key"'), text),
  },
];

// Issue 16: the delivery and conversion alert floors come from values, and the webhook's signature secret from the Secret.
const rulesOf = (objects) => objects.find((o) => o.kind === "PrometheusRule").spec.groups.flatMap((g) => g.rules);
const exprOf = (objects, alert) => rulesOf(objects).find((r) => r.alert === alert).expr;
const deliveryReceipts = [
  {
    name: "the delivery-rate and conversion floors and minimum volumes come from metrics.prometheusRule.*",
    set: ["metrics.prometheusRule.enabled=true"],
    setJson: ["metrics.prometheusRule.delivery.rateFloor=0.8", "metrics.prometheusRule.delivery.minTexts=20",
      "metrics.prometheusRule.conversion.floor=0.35", "metrics.prometheusRule.conversion.minSends=40"],
    check: (objects) => {
      const delivery = exprOf(objects, "SmsDeliveryRateLow");
      const conversion = exprOf(objects, "ConversionLow");
      return expect(delivery.includes("< 0.8 # deliveryRateFloor") && delivery.includes(">= 20 # deliveryMinTexts")
        && conversion.includes("< 0.35 # conversionFloor") && conversion.includes(">= 40 # conversionMinSends"), `${delivery}\n${conversion}`);
    },
  },
  { name: "a delivery-rate floor above 1 fails the render", setJson: ["metrics.prometheusRule.delivery.rateFloor=1.5"], fails: /rateFloor/ },
  { name: "an unknown signature method fails the render", set: ["sms.vonage.signatureMethod=sha256"], fails: /signatureMethod/ },
  {
    name: "the signature secret comes from the Secret, as an optional key (pods start without it)",
    check: (objects) => {
      const ref = env(objects, "Sms__Vonage__SignatureSecret")?.valueFrom?.secretKeyRef;
      return expect(ref?.key === "vonage-signature-secret" && ref.optional === true, JSON.stringify(ref));
    },
  },
];

// Issue 23: routes across providers, Twilio's keys from the Secret, and the routes the service would refuse.
const accountSid = "AC" + "0123456789abcdef".repeat(2);
const apiKeySid = "SK" + "0123456789abcdef".repeat(2);
const twilio = [`sms.twilio.accountSid=${accountSid}`, "sms.twilio.from=SecureOtp"];
const secretRef = (objects, name) => env(objects, name)?.valueFrom?.secretKeyRef;
const routing = [
  {
    name: "routes are rendered per country, providers in order, `default` as Default",
    set: twilio,
    setJson: ['sms.routes={"default":["vonage","twilio"],"91":["twilio","vonage"]}'],
    check: (objects) => {
      const data = configData(objects);
      const routes = Object.fromEntries(Object.entries(data).filter(([k]) => k.startsWith("Sms__Routes__")));
      return expect(JSON.stringify(routes) === JSON.stringify({ Sms__Routes__91__0: "twilio", Sms__Routes__91__1: "vonage",
        Sms__Routes__Default__0: "vonage", Sms__Routes__Default__1: "twilio" }), JSON.stringify(routes));
    },
  },
  {
    name: "no routes: no route keys, no Twilio keys, the Vonage credentials from the Secret",
    check: (objects) => expect(!Object.keys(configData(objects)).some((k) => /^Sms__(Routes|Twilio)__/.test(k))
      && !container(objects).env.some((e) => e.name.startsWith("Sms__Twilio__"))
      && secretRef(objects, "Sms__Vonage__ApiKey")?.key === "vonage-api-key", "route or Twilio keys rendered"),
  },
  {
    name: "a Twilio-only route reads the auth token from the Secret (required) and needs no Vonage credentials",
    set: twilio,
    setJson: ['sms.routes={"default":["twilio"]}'],
    check: (objects) => {
      const token = secretRef(objects, "Sms__Twilio__AuthToken");
      const data = configData(objects);
      return expect(token?.name === "secure-otp" && token.key === "twilio-auth-token" && token.optional !== true
        && !env(objects, "Sms__Twilio__ApiKeySecret") && !env(objects, "Sms__Vonage__ApiKey")
        && data.Sms__Twilio__AccountSid === accountSid && data.Sms__Twilio__From === "SecureOtp"
        && !("Sms__Twilio__AuthToken" in data), JSON.stringify(token));
    },
  },
  {
    name: "an API key reads its secret from the Secret; the auth token is then optional, unless status callbacks need it",
    set: [...twilio, `sms.twilio.apiKeySid=${apiKeySid}`],
    setJson: ['sms.routes={"default":["vonage"],"44":["twilio","vonage"]}'],
    check: (objects) => {
      const secret = secretRef(objects, "Sms__Twilio__ApiKeySecret");
      const token = secretRef(objects, "Sms__Twilio__AuthToken");
      return expect(secret?.key === "twilio-api-key-secret" && token?.optional === true
        && configData(objects).Sms__Twilio__ApiKeySid === apiKeySid, `${JSON.stringify(secret)} ${JSON.stringify(token)}`);
    },
  },
  {
    name: "a status callback URL makes the auth token required even with an API key",
    set: [...twilio, `sms.twilio.apiKeySid=${apiKeySid}`, "sms.twilio.statusCallbackUrl=https://otp.example.com/webhooks/twilio/message-status"],
    setJson: ['sms.routes={"default":["twilio"]}'],
    check: (objects) => expect(secretRef(objects, "Sms__Twilio__AuthToken")?.optional !== true, "auth token optional"),
  },
  {
    name: "NOTES name the Twilio auth token's key when a route names twilio",
    set: twilio,
    setJson: ['sms.routes={"default":["twilio"]}'],
    notes: (text) => expect(text.includes('"twilio-auth-token"') && !text.includes("Vonage credentials"), text),
  },
  { name: "a route naming twilio without sms.twilio.accountSid fails the render", setJson: ['sms.routes={"default":["twilio"]}'], fails: /sms\.twilio\.accountSid/ },
  {
    name: "a route naming twilio without sms.twilio.accountSid fails even with --skip-schema-validation",
    setJson: ['sms.routes={"default":["twilio"]}'],
    args: ["--skip-schema-validation"],
    fails: /sms\.twilio\.accountSid/,
  },
  { name: "a route naming an unknown provider fails the render", setJson: ['sms.routes={"default":["sinch"]}'], fails: /sinch|sms[./]routes/ },
  {
    name: "a route naming an unknown provider fails even with --skip-schema-validation",
    setJson: ['sms.routes={"default":["sinch"]}'],
    args: ["--skip-schema-validation"],
    fails: /sinch/,
  },
  { name: "routes without a default route fail the render", set: twilio, setJson: ['sms.routes={"91":["twilio"]}'], fails: /default/ },
  { name: "Twilio with both a sender and a messaging service fails the render", set: [...twilio, `sms.twilio.messagingServiceSid=MG${"0".repeat(32)}`], fails: /exactly one/ },
  { name: "sms.routing.window above 24 h fails the render", set: ["sms.routing.window=1.00:00:01"], fails: /sms[./]routing[./]window/ },
  { name: "sms.routing.demoteBelow above 1 fails the render", setJson: ["sms.routing.demoteBelow=1.5"], fails: /demoteBelow/ },
];

// Issue 24: voice and WhatsApp through the Vonage application; its key a mounted file, its signature secret from a
// Secret, the API's port opened, and a half-set channel refused at install.
// The numbers with --set-string: --set would make them numbers, which the schema refuses (a value file quotes them).
const voice = ["delivery.channels.voice.enabled=true", "delivery.vonage.applicationId=app-1",
  "delivery.voice.eventUrl=https://otp.example.com/webhooks/vonage/voice-event"];
const voiceFrom = ["--set-string", "delivery.voice.from=447700900000"];
const whatsapp = ["delivery.channels.whatsapp.enabled=true", "delivery.vonage.applicationId=app-1",
  "delivery.whatsapp.templateName=secure_otp_auth"];
const whatsappFrom = ["--set-string", "delivery.whatsapp.from=447700900001"];
const volume = (objects, name) => deployment(objects).spec.template.spec.volumes.find((v) => v.name === name);
const vonageApplicationEgress = (objects) => networkPolicy(objects).spec.egress.filter((rule) => rule.to && rule.ports?.length === 1)
  .map((rule) => rule.ports[0].port);
const channels = [
  {
    name: "by default only texts: no Vonage application key, secret, mount or egress rule",
    check: (objects) => {
      const data = configData(objects);
      return expect(data.Delivery__Channels__voice__Enabled === "false" && data.Delivery__Channels__whatsapp__Enabled === "false"
        && !Object.keys(data).some((k) => /^Delivery__(Vonage|VonageVoice|WhatsApp)__/.test(k))
        && !env(objects, "Delivery__Vonage__SignatureSecret") && !volume(objects, "vonage-application-private-key"),
      JSON.stringify(data));
    },
  },
  {
    name: "voice on: the private key is a file mounted from the Secret, its path in Delivery__Vonage__PrivateKeyPath",
    set: voice,
    args: voiceFrom,
    check: (objects) => {
      const source = volume(objects, "vonage-application-private-key")?.secret;
      const mount = volumeMount(objects, "vonage-application-private-key");
      const path = env(objects, "Delivery__Vonage__PrivateKeyPath")?.value;
      return expect(source?.secretName === "secure-otp" && source.items.length === 1
        && source.items[0].key === "vonage-application-private-key" && mount?.readOnly === true
        && path === `${mount.mountPath}/${source.items[0].path}`, `${JSON.stringify(source)} ${path}`);
    },
  },
  {
    name: "the signature secret comes from the Secret (required), never from the ConfigMap or a plain value",
    set: voice,
    args: voiceFrom,
    check: (objects) => {
      const variable = env(objects, "Delivery__Vonage__SignatureSecret");
      const ref = variable?.valueFrom?.secretKeyRef;
      return expect(ref?.key === "vonage-application-signature-secret" && ref.optional !== true && variable.value === undefined
        && !Object.keys(configData(objects)).some((k) => /SignatureSecret|PrivateKey/.test(k)), JSON.stringify(variable));
    },
  },
  {
    name: "delivery.vonage.existingSecret moves the key and the signature secret to a Secret of their own",
    files: ["ci/channels-values.yaml"],
    check: (objects) => expect(volume(objects, "vonage-application-private-key")?.secret.secretName === "secure-otp-vonage-application"
      && secretRef(objects, "Delivery__Vonage__SignatureSecret")?.name === "secure-otp-vonage-application"
      && secretRef(objects, "Otp__PseudonymKey")?.name === "secure-otp", "Secret names"),
  },
  {
    name: "voice and WhatsApp settings are rendered, default channels in order",
    files: ["ci/channels-values.yaml"],
    check: (objects) => {
      const data = configData(objects);
      return expect(data.Delivery__DefaultChannels__0 === "sms" && data.Delivery__DefaultChannels__1 === "voice"
        && data.Delivery__VonageVoice__From === "447700900000" && data.Delivery__WhatsApp__TemplateName === "secure_otp_auth"
        && data.Delivery__Vonage__ApplicationId === "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" && data.Delivery__ChannelTimeout === "00:00:30",
      JSON.stringify(data));
    },
  },
  {
    name: "a Vonage channel opens egress to the API's port (8443 from delivery.vonage.baseUrl) to the given peers",
    set: [...whatsapp, "delivery.vonage.baseUrl=https://vonage-proxy.example.com:8443"],
    args: whatsappFrom,
    setJson: ['networkPolicy.egress.vonageApplication.to=[{"ipBlock":{"cidr":"203.0.113.0/24"}}]'],
    check: (objects) => {
      const rule = networkPolicy(objects).spec.egress.find((r) => r.ports?.some((p) => p.port === 8443));
      return expect(rule?.to?.[0]?.ipBlock?.cidr === "203.0.113.0/24" && rule.to.length === 1, JSON.stringify(rule));
    },
  },
  {
    name: "with no peers given, the Vonage API egress (443) goes to the providers' ipBlocks",
    set: whatsapp,
    args: whatsappFrom,
    check: (objects) => expect(vonageApplicationEgress(objects).includes(443), `ports ${vonageApplicationEgress(objects)}`),
  },
  { name: "voice on without delivery.voice.from fails the render", set: voice, fails: /delivery[./]voice[./]from/ },
  {
    name: "voice on without delivery.voice.from fails even with --skip-schema-validation",
    set: voice,
    args: ["--skip-schema-validation"],
    fails: /delivery\.voice\.from/,
  },
  { name: "voice on without delivery.voice.eventUrl fails the render", set: voice.filter((v) => !v.includes("eventUrl")), args: voiceFrom, fails: /delivery[./]voice[./]eventUrl/ },
  {
    name: "voice on without delivery.voice.eventUrl fails even with --skip-schema-validation",
    set: voice.filter((v) => !v.includes("eventUrl")),
    args: [...voiceFrom, "--skip-schema-validation"],
    fails: /delivery\.voice\.eventUrl/,
  },
  { name: "WhatsApp on without a template fails the render", set: whatsapp.filter((v) => !v.includes("templateName")), args: whatsappFrom, fails: /delivery[./]whatsapp[./]templateName/ },
  {
    name: "a Vonage channel without delivery.vonage.applicationId fails the render",
    set: whatsapp.filter((v) => !v.includes("applicationId")),
    args: [...whatsappFrom, "--skip-schema-validation"],
    fails: /delivery\.vonage\.applicationId/,
  },
  { name: "a calling number with '+' fails the render", set: voice, args: ["--set-string", "delivery.voice.from=+447700900000"], fails: /delivery[./]voice[./]from/ },
  { name: "default channels with none enabled fail the render", setJson: ['delivery.defaultChannels=["voice"]'], fails: /no enabled channel/ },
  { name: "an unknown default channel fails the render", setJson: ['delivery.defaultChannels=["sms","fax"]'], fails: /defaultChannels/ },
  { name: "a channel named twice fails the render", setJson: ['delivery.defaultChannels=["sms","sms"]'], args: ["--skip-schema-validation"], fails: /twice/ },
  { name: "delivery.channelTimeout above 10 min fails the render", set: ["delivery.channelTimeout=00:11:00"], fails: /delivery[./]channelTimeout/ },
  { name: "a speech template without {digits} fails the render", setJson: ['delivery.voice.templates={"nl":"Uw code"}'], fails: /delivery[./]voice[./]templates/ },
  {
    name: "NOTES name the Vonage application's Secret keys when a Vonage channel is on",
    set: whatsapp,
    args: whatsappFrom,
    notes: (text) => expect(text.includes('"vonage-application-private-key"') && text.includes('"vonage-application-signature-secret"'), text),
  },
];

// Issue 27: the warm-up before readiness is set from values (not only through extraEnvVars), within what the service
// holds readiness back for, and no probe that can restart a pod reads readiness.
const warmUp = [
  {
    name: "the warm-up's settings reach the container, and only readiness waits for it",
    set: ["hosting.warmUp.duration=00:00:12", "hosting.warmUp.concurrency=3"],
    check: (objects) => {
      const c = container(objects);
      const values = ["Enabled", "Duration", "MinDuration", "Concurrency"].map((k) => env(objects, `Hosting__WarmUp__${k}`)?.value);
      return expect(values.join(" ") === "true 00:00:12 00:00:01 3", `warm-up env ${values}`) ??
        expect(c.startupProbe.httpGet.path === "/health/live" && c.livenessProbe.httpGet.path === "/health/live",
          "a probe that restarts the pod must not wait for the warm-up");
    },
  },
  {
    name: "a warm-up switched off renders Enabled=false",
    set: ["hosting.warmUp.enabled=false"],
    check: (objects) => expect(env(objects, "Hosting__WarmUp__Enabled")?.value === "false", "warm-up still on"),
  },
  { name: "a warm-up longer than 30 s fails the render", set: ["hosting.warmUp.duration=00:00:31"], fails: /hosting\.warmUp\.duration/ },
  { name: "a warm-up minimum above its maximum fails the render", set: ["hosting.warmUp.minDuration=00:00:20"], fails: /hosting\.warmUp\.minDuration/ },
];

// The checker itself: strict validation must see a field no schema defines.
const strictness = [
  {
    name: "strict validation rejects an unknown field (a typo in extraEnvVars)",
    setJson: ['extraEnvVars=[{"name":"A","valu":"b"}]'],
    problems: /env\/\d+\/valu: unknown field/,
  },
];

export const defectCases = [
  ...readiness.map((c) => ({ ...c, defect: 1 })),
  ...redisPorts.map((c) => ({ ...c, defect: 2 })),
  ...terminationGrace.map((c) => ({ ...c, defect: 3 })),
  ...development.map((c) => ({ ...c, defect: 4 })),
  ...outOfRange.map((c) => ({ ...c, defect: 5 })),
  ...duplicateLabels.map((c) => ({ ...c, defect: 6 })),
  ...redisPassword.map((c) => ({ ...c, defect: 7 })),
  ...leftovers.map((c) => ({ ...c, defect: 8 })),
  ...deliveryReceipts.map((c) => ({ ...c, defect: "16" })),
  ...chartSettings.map((c) => ({ ...c, defect: "22" })),
  ...routing.map((c) => ({ ...c, defect: "23" })),
  ...channels.map((c) => ({ ...c, defect: "24" })),
  ...warmUp.map((c) => ({ ...c, defect: "27" })),
  ...strictness.map((c) => ({ ...c, defect: "checker" })),
];
