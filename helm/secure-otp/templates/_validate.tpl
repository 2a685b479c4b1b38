{{/*
Checks values.schema.json cannot express (durations, relations between values) and the guards that must hold even
with --skip-schema-validation. Each mirrors a start-up validator of the service or a failure the cluster would only
show later, so a bad value fails the install instead of crash-looping the pods. Included by deployment.yaml.
*/}}
{{- define "secure-otp.validateValues" -}}
{{- if eq (lower (trim (toString .Values.environment))) "development" -}}
{{- fail (printf "environment %q is Development (ASP.NET compares it case-insensitively): it allows the in-process store and the outbox, never in a cluster" .Values.environment) -}}
{{- end -}}

{{- with .Values.readinessProbe -}}
{{- if and .enabled (lt (mul (int .failureThreshold) (int .periodSeconds)) 20) -}}
{{- fail (printf "readinessProbe.failureThreshold x periodSeconds is %d s: under 20 s one slow PING or a Redis failover takes every pod out of the Service at once (values.yaml explains the defaults)" (mul (int .failureThreshold) (int .periodSeconds))) -}}
{{- end -}}
{{- end -}}

{{- if and .Values.redis.trustedCa.configMapName (not .Values.redis.tls) -}}
{{- fail "redis.trustedCa.configMapName is set but redis.tls is false: the service refuses a trusted CA without ssl=true" -}}
{{- end -}}

{{- with .Values.sms.routes -}}
{{- if not (hasKey . "default") -}}
{{- fail "sms.routes needs a `default` route once any route is set: it carries every country without a route of its own" -}}
{{- end -}}
{{- range $route, $providers := . -}}
{{- if not (regexMatch "^(default|[1-9][0-9]{0,2})$" (toString $route)) -}}
{{- fail (printf "sms.routes.%s: a route is `default` or a calling code of 1-3 digits" $route) -}}
{{- end -}}
{{- range $providers -}}
{{- if not (has (toString .) (list "vonage" "twilio")) -}}
{{- fail (printf "sms.routes.%s names %q: the providers are vonage and twilio" $route (toString .)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- $smsProviders := include "secure-otp.smsProviders" . | fromJsonArray -}}
{{- with .Values.sms.twilio -}}
{{- if and (has "twilio" $smsProviders) (not .accountSid) -}}
{{- fail "sms.routes names twilio but sms.twilio.accountSid is empty: the service refuses a route to an unconfigured provider" -}}
{{- end -}}
{{- if and .accountSid (eq (empty .from) (empty .messagingServiceSid)) -}}
{{- fail "sms.twilio: set exactly one of sms.twilio.from and sms.twilio.messagingServiceSid" -}}
{{- end -}}
{{- end -}}

{{- /* Delivery: the same refusals as the service's DeliveryOptionsValidator, so a half-set channel fails the install. */ -}}
{{- with .Values.delivery -}}
{{- $enabled := list -}}
{{- range $channel, $switch := .channels -}}
{{- if $switch.enabled -}}{{- $enabled = append $enabled $channel -}}{{- end -}}
{{- end -}}
{{- range .defaultChannels -}}
{{- if not (has (toString .) (list "sms" "voice" "whatsapp")) -}}
{{- fail (printf "delivery.defaultChannels names %q: the channels are sms, voice and whatsapp" (toString .)) -}}
{{- end -}}
{{- end -}}
{{- if ne (len (uniq .defaultChannels)) (len .defaultChannels) -}}
{{- fail "delivery.defaultChannels names a channel twice" -}}
{{- end -}}
{{- $usable := false -}}
{{- range .defaultChannels -}}
{{- if has (toString .) $enabled -}}{{- $usable = true -}}{{- end -}}
{{- end -}}
{{- if not $usable -}}
{{- fail (printf "delivery.defaultChannels %v names no enabled channel (delivery.channels.<channel>.enabled): the service refuses to start" .defaultChannels) -}}
{{- end -}}
{{- if or .channels.voice.enabled .channels.whatsapp.enabled -}}
{{- if not .vonage.applicationId -}}
{{- fail "delivery.vonage.applicationId is required when voice or WhatsApp is on (delivery.channels.*.enabled): both go through the Vonage application" -}}
{{- end -}}
{{- if not (regexMatch "^https?://[^\\s/]+" (toString .vonage.baseUrl)) -}}
{{- fail (printf "delivery.vonage.baseUrl must be an absolute http(s) URL (was %q)" (toString .vonage.baseUrl)) -}}
{{- end -}}
{{- end -}}
{{- if .channels.voice.enabled -}}
{{- if not (regexMatch "^[1-9][0-9]{6,14}$" (toString .voice.from)) -}}
{{- fail "delivery.voice.from must be the calling number, 7-15 digits without '+', when voice is on (delivery.channels.voice.enabled)" -}}
{{- end -}}
{{- if not (regexMatch "^https?://[^\\s/]+" (toString .voice.eventUrl)) -}}
{{- fail "delivery.voice.eventUrl must be the absolute http(s) URL of /webhooks/vonage/voice-event when voice is on (delivery.channels.voice.enabled)" -}}
{{- end -}}
{{- end -}}
{{- if .channels.whatsapp.enabled -}}
{{- if not (regexMatch "^[1-9][0-9]{6,14}$" (toString .whatsapp.from)) -}}
{{- fail "delivery.whatsapp.from must be the WhatsApp Business number, 7-15 digits without '+', when WhatsApp is on (delivery.channels.whatsapp.enabled)" -}}
{{- end -}}
{{- if not .whatsapp.templateName -}}
{{- fail "delivery.whatsapp.templateName (the approved authentication template) is required when WhatsApp is on (delivery.channels.whatsapp.enabled)" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- /* [key, value, least, most] with "" for no bound; the same ranges as the service's options validators. */ -}}
{{- $ranges := list
    (list "otp.ttl" .Values.otp.ttl "00:00:30" "00:10:00")
    (list "otp.resendCooldown" .Values.otp.resendCooldown "" .Values.otp.ttl)
    (list "otp.idempotencyRetention" .Values.otp.idempotencyRetention "00:01:00" "7.00:00:00")
    (list "limits.prefixWindow" .Values.limits.prefixWindow "00:00:10" "1.00:00:00")
    (list "totp.lockDuration" .Values.totp.lockDuration "00:01:00" "1.00:00:00")
    (list "totp.pendingTtl" .Values.totp.pendingTtl "00:01:00" "1.00:00:00")
    (list "redis.operationTimeout" .Values.redis.operationTimeout "00:00:00.050" "00:00:05")
    (list "redis.waitTimeout" .Values.redis.waitTimeout "00:00:00.001" "00:00:01")
    (list "sms.resilience.attemptTimeout" .Values.sms.resilience.attemptTimeout "00:00:00.100" .Values.sms.resilience.totalTimeout)
    (list "sms.resilience.totalTimeout" .Values.sms.resilience.totalTimeout "" "00:00:30")
    (list "sms.resilience.retryBaseDelay" .Values.sms.resilience.retryBaseDelay "" "00:00:05")
    (list "sms.resilience.breakerSamplingDuration" .Values.sms.resilience.breakerSamplingDuration "00:00:00.500" "")
    (list "sms.resilience.breakDuration" .Values.sms.resilience.breakDuration "00:00:00.500" "")
    (list "sms.routing.window" .Values.sms.routing.window "00:01:00" "1.00:00:00")
    (list "delivery.channelTimeout" .Values.delivery.channelTimeout "00:00:01" "00:10:00")
    (list "delivery.resilience.attemptTimeout" .Values.delivery.resilience.attemptTimeout "00:00:00.100" .Values.delivery.resilience.totalTimeout)
    (list "delivery.resilience.totalTimeout" .Values.delivery.resilience.totalTimeout "" "00:00:30")
    (list "delivery.resilience.retryBaseDelay" .Values.delivery.resilience.retryBaseDelay "" "00:00:05")
    (list "delivery.resilience.breakerSamplingDuration" .Values.delivery.resilience.breakerSamplingDuration "00:00:00.500" "")
    (list "delivery.resilience.breakDuration" .Values.delivery.resilience.breakDuration "00:00:00.500" "")
    (list "sms.routing.demotionPeriod" .Values.sms.routing.demotionPeriod "00:01:00" "1.00:00:00")
    (list "simSwap.cacheDuration" .Values.simSwap.cacheDuration "" "01:00:00")
    (list "simSwap.timeout" .Values.simSwap.timeout "00:00:00.100" .Values.simSwap.totalTimeout)
    (list "simSwap.totalTimeout" .Values.simSwap.totalTimeout "" "00:00:10")
    (list "hosting.drainDelay" .Values.hosting.drainDelay "" "")
    (list "hosting.shutdownTimeout" .Values.hosting.shutdownTimeout "" "")
    (list "hosting.warmUp.duration" .Values.hosting.warmUp.duration "" "00:00:30")
    (list "hosting.warmUp.minDuration" .Values.hosting.warmUp.minDuration "" .Values.hosting.warmUp.duration) -}}
{{- range $item := $ranges -}}
{{- $key := index $item 0 -}}
{{- $value := include "secure-otp.milliseconds" (list $key (index $item 1)) | atoi -}}
{{- with index $item 2 -}}
{{- if lt $value (include "secure-otp.milliseconds" (list $key .) | atoi) -}}
{{- fail (printf "%s must be at least %s (was %s)" $key . (index $item 1)) -}}
{{- end -}}
{{- end -}}
{{- with index $item 3 -}}
{{- if gt $value (include "secure-otp.milliseconds" (list $key .) | atoi) -}}
{{- fail (printf "%s must be at most %s (was %s)" $key . (index $item 1)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
