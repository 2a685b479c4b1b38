{{/* Chart name, truncated to the 63 characters Kubernetes allows in a name. */}}
{{- define "secure-otp.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Fully qualified app name: the release name, plus the chart name unless the release name already holds it. */}}
{{- define "secure-otp.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "secure-otp.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels used to select the pods; never change them on upgrade (Deployment selectors are immutable). */}}
{{- define "secure-otp.selectorLabels" -}}
app.kubernetes.io/name: {{ include "secure-otp.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
Labels of every object: the selector labels, then commonLabels, then the chart's own labels; one key once (a label
given twice would be a duplicate YAML key, which parsers treat differently). A selector label may not be replaced:
pods would stop matching their Deployment and Service.
*/}}
{{- define "secure-otp.labels" -}}
{{- include "secure-otp.labelsWith" (list . .Values.commonLabels) -}}
{{- end -}}

{{/* Pod labels: podLabels over commonLabels, same rules. */}}
{{- define "secure-otp.podLabels" -}}
{{- include "secure-otp.labelsWith" (list . (merge (deepCopy .Values.podLabels) .Values.commonLabels)) -}}
{{- end -}}

{{- define "secure-otp.labelsWith" -}}
{{- $ := index . 0 -}}
{{- $extra := index . 1 -}}
{{- $selector := include "secure-otp.selectorLabels" $ | fromYaml -}}
{{- range $key, $_ := $selector -}}
{{- if hasKey $extra $key -}}
{{- fail (printf "commonLabels/podLabels may not set the selector label %s (use nameOverride)" $key) -}}
{{- end -}}
{{- end -}}
{{- $chart := dict
    "helm.sh/chart" (include "secure-otp.chart" $)
    "app.kubernetes.io/version" $.Chart.AppVersion
    "app.kubernetes.io/managed-by" $.Release.Service
    "app.kubernetes.io/part-of" "secure-otp" -}}
{{- merge $selector (deepCopy $extra) $chart | toYaml -}}
{{- end -}}

{{- define "secure-otp.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "secure-otp.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* [registry/]repository:tag, or [registry/]repository@digest when a digest is given. */}}
{{- define "secure-otp.image" -}}
{{- $repository := .Values.image.repository -}}
{{- with .Values.image.registry -}}
{{- $repository = printf "%s/%s" . $repository -}}
{{- end -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* The Secret every secret comes from; the chart refuses to render without it. */}}
{{- define "secure-otp.secretName" -}}
{{- required "existingSecret is required: create the Secret first (docs/deployment.md)" .Values.existingSecret -}}
{{- end -}}

{{/*
Redis:Configuration, the StackExchange.Redis connection string without the password (that is Redis__Password, from
the Secret), so no password character can change how the string parses.
*/}}
{{- define "secure-otp.redisConfiguration" -}}
{{- join "," .Values.redis.endpoints -}}
{{- if eq .Values.redis.mode "sentinel" }},serviceName={{ .Values.redis.sentinelMasterName }}{{ end -}}
{{- if .Values.redis.tls }},ssl=true{{ end -}}
{{- with .Values.redis.extraOptions }},{{ . }}{{ end -}}
{{- end -}}

{{/*
The TCP ports Redis egress allows, comma-separated: those of redis.endpoints, then networkPolicy.egress.redis.extraPorts.
Sentinels hand out the servers' addresses, whose port the chart cannot see: with none given it allows 6379, the port of
Bitnami's Redis chart (the common layout), so that case renders as is.
*/}}
{{- define "secure-otp.redisPorts" -}}
{{- $ports := list -}}
{{- range .Values.redis.endpoints -}}
{{- $ports = append $ports (regexFind "[0-9]+$" .) -}}
{{- end -}}
{{- $extra := .Values.networkPolicy.egress.redis.extraPorts -}}
{{- if and (empty $extra) (eq .Values.redis.mode "sentinel") -}}
{{- $extra = list 6379 -}}
{{- end -}}
{{- range $extra -}}
{{- $ports = append $ports (toString .) -}}
{{- end -}}
{{- $ports | uniq | join "," -}}
{{- end -}}

{{/*
Milliseconds in a .NET TimeSpan "[d.]hh:mm:ss[.fffffff]" (the format values.schema.json allows); the argument is
(list "value.path" value) so that a malformed value fails the render naming its key.
*/}}
{{- define "secure-otp.milliseconds" -}}
{{- $key := index . 0 -}}
{{- $value := toString (index . 1) -}}
{{- $pattern := "^(?:([0-9]+)\\.)?([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\\.([0-9]{1,7}))?$" -}}
{{- if not (regexMatch $pattern $value) -}}
{{- fail (printf "%s must be a duration [d.]hh:mm:ss[.fff] (was %q)" $key $value) -}}
{{- end -}}
{{- $parts := regexReplaceAll $pattern $value "${1}|${2}|${3}|${4}|${5}" | splitList "|" -}}
{{- $seconds := add (mul (add (mul (add (mul (atoi (index $parts 0)) 24) (atoi (index $parts 1))) 60) (atoi (index $parts 2))) 60) (atoi (index $parts 3)) -}}
{{- $fraction := printf "%s000" (index $parts 4) | trunc 3 | atoi -}}
{{- add (mul $seconds 1000) $fraction -}}
{{- end -}}

{{/*
terminationGracePeriodSeconds: the drain, the shutdown timeout and 10 s for the last telemetry flush and the exit.
Computed when not set; an explicit value below that fails the render (the kubelet would kill requests mid-flight).
*/}}
{{- define "secure-otp.terminationGracePeriodSeconds" -}}
{{- $drain := include "secure-otp.milliseconds" (list "hosting.drainDelay" .Values.hosting.drainDelay) | atoi -}}
{{- $shutdown := include "secure-otp.milliseconds" (list "hosting.shutdownTimeout" .Values.hosting.shutdownTimeout) | atoi -}}
{{- $needed := add (div (add $drain $shutdown 999) 1000) 10 -}}
{{- $explicit := .Values.terminationGracePeriodSeconds -}}
{{- if kindIs "invalid" $explicit -}}
{{- $needed -}}
{{- else if lt (int $explicit) (int $needed) -}}
{{- fail (printf "terminationGracePeriodSeconds %d is too short: hosting.drainDelay + hosting.shutdownTimeout + 10 s need %d (or leave it null to compute it)" (int $explicit) $needed) -}}
{{- else -}}
{{- $explicit -}}
{{- end -}}
{{- end -}}

{{/* The SMS providers texts can go through, lower case, as a JSON list: those the routes name, else sms.provider alone. */}}
{{- define "secure-otp.smsProviders" -}}
{{- $names := list -}}
{{- if .Values.sms.routes -}}
{{- range $route, $providers := .Values.sms.routes -}}
{{- range $providers -}}
{{- $names = append $names (lower (toString .)) -}}
{{- end -}}
{{- end -}}
{{- else -}}
{{- $names = list (lower (toString .Values.sms.provider)) -}}
{{- end -}}
{{- $names | uniq | toJson -}}
{{- end -}}

{{/* "true" when voice or WhatsApp is on: both go through the Vonage application (its key, secret and API egress). */}}
{{- define "secure-otp.vonageApplicationOn" -}}
{{- if or .Values.delivery.channels.voice.enabled .Values.delivery.channels.whatsapp.enabled -}}true{{- end -}}
{{- end -}}

{{/* The Secret holding the Vonage application's private key and signature secret: its own, else existingSecret. */}}
{{- define "secure-otp.vonageApplicationSecretName" -}}
{{- default (include "secure-otp.secretName" .) .Values.delivery.vonage.existingSecret -}}
{{- end -}}

{{/* The TCP port of delivery.vonage.baseUrl: the one it names, else its scheme's (443 for https, 80 for http). */}}
{{- define "secure-otp.vonageApplicationPort" -}}
{{- $url := urlParse .Values.delivery.vonage.baseUrl -}}
{{- $port := regexFind "[0-9]+$" (regexFind ":[0-9]+$" $url.host) -}}
{{- if $port -}}{{ $port }}{{- else if eq $url.scheme "http" -}}80{{- else -}}443{{- end -}}
{{- end -}}
