-- events.lua: records a webhook event in the same step as the state change it reports (put before each script that
-- reports one: attempt.lua, cancel.lua, totp_attempt.lua, delivery_receipt.lua). A caller whose tenant has a webhook endpoint appends, after the script's own
-- KEYS and ARGV:
-- KEYS[last]  the user's event stream, under the user's hash tag   {prefix}:{<userTag>}:ev:<tenant tag>
-- ARGV[last-4]  the event's sealed context (tenant and verification id, opened only by the service)
-- ARGV[last-3]  the stream's cap (entries): at the cap the oldest undelivered event goes
-- ARGV[last-2]  the stream's TTL, ms (refreshed by each event: the stream outlives its newest event's retries)
-- ARGV[last-1]  now, unix ms (the service's clock)
-- ARGV[last]    the marker 'webhook-events'
-- A caller without an endpoint appends nothing, and nothing is recorded.
local event_stream, event_context, event_cap, event_ttl, event_now
if ARGV[#ARGV] == 'webhook-events' then
  table.remove(ARGV)
  event_now = table.remove(ARGV)
  event_ttl = table.remove(ARGV)
  event_cap = table.remove(ARGV)
  event_context = table.remove(ARGV)
  event_stream = table.remove(KEYS)
end

-- kind: the event type; then field, value pairs of what the record knows (key id, sealed user id, purpose).
local function event_record(kind, ...)
  if not event_stream then
    return
  end
  redis.call('XADD', event_stream, 'MAXLEN', event_cap, '*', 't', kind, 'ts', event_now, 'c', event_context, ...)
  redis.call('PEXPIRE', event_stream, event_ttl)
end
