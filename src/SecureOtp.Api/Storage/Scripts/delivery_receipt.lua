-- delivery_receipt.lua: apply one part's delivery receipt to its text, all or nothing.
-- A part's state only moves forward (submitted < unknown < delivered/failed/expired/rejected), so a repeat or an older
-- receipt arriving late changes nothing. The text is delivered when every part is; a part that failed, expired or was
-- rejected decides for the whole text. When the text has just failed, the reply names the rate limiter's resend-cooldown
-- entries its send recorded, for the caller to release (a newer send's entries have other members and stay).
--
-- KEYS[1]  the text's delivery state (hash)                {prefix}:{<userTag>}:dl:<idh>
-- ARGV[1]  idh (names the text in the caller's logs only)   ARGV[2] the part's index   ARGV[3] its status   ARGV[4] error code ('' none)   ARGV[5] now, unix ms
-- ARGV[6]  the part's state the receipt requires ('' none): a voice call's "completed" is "delivered" only after "answered"
--
-- events.lua is put before this script: a caller whose link names a tenant with a webhook endpoint appends its event
-- arguments (with an empty context: the record's own, sealed at send time, is used), and the text's first delivered or
-- failed state records delivery.delivered / delivery.failed (purpose, channel, provider, status, error code).
--
-- Returns {UNKNOWN}    no such text or part (expired, or never tracked): nothing changed
--         {UNCHANGED}  nothing new (a repeat, or older news)
--         {UPDATED, status, becameFinal, failedNow, cc, purpose, provider, submittedAtMs, cooldownKeys, cooldownEntry, eventRecorded, channel}
--              the part changed; status is the whole text's; becameFinal = 1 the first time it is not "submitted" (nor a
--              voice call's "unknown", which is only "answered");
--              failedNow = 1 when it has just failed (the caller releases the rate limiter's cooldown entries named here:
--              cooldownKeys space-separated, one shared member); eventRecorded = 1 when a webhook event was recorded; channel the text's
-- The codes are named alike in DeliveryReceiptReply.cs.
local UNKNOWN, UNCHANGED, UPDATED = 0, 1, 2
local rank = {submitted = 0, unknown = 1, delivered = 2, failed = 2, expired = 2, rejected = 2}
local failure = {failed = true, expired = true, rejected = true}

local d = redis.call('HMGET', KEYS[1], 'n', 'st', 'fin', 'cc', 'pur', 'pv', 'sub', 'rck', 'rcm', 'ch')
local channel = d[10] or 'sms'
if not d[1] then
  return {UNKNOWN}
end
local n, part, new = tonumber(d[1]), tonumber(ARGV[2]), ARGV[3]
if part >= n then
  return {UNKNOWN}
end

local fields = {}
for i = 0, n - 1 do
  fields[i + 1] = 'p' .. i
end
local parts = redis.call('HMGET', KEYS[1], unpack(fields))
local old = parts[part + 1] or 'submitted'
if rank[new] <= rank[old] or ((ARGV[6] or '') ~= '' and old ~= ARGV[6]) then
  return {UNCHANGED}
end
parts[part + 1] = new
redis.call('HSET', KEYS[1], 'p' .. part, new)

local status, allDelivered, anySubmitted = nil, true, false
for i = 1, n do
  local s = parts[i] or 'submitted'
  if failure[s] and not status then
    status = s
  end
  if s ~= 'delivered' then
    allDelivered = false
  end
  if s == 'submitted' then
    anySubmitted = true
  end
end
if not status then
  status = allDelivered and 'delivered' or (anySubmitted and 'submitted' or 'unknown')
end

local becameFinal, failedNow = 0, 0
if status ~= d[2] then
  redis.call('HSET', KEYS[1], 'st', status, 'up', ARGV[5])
  if failure[status] and ARGV[4] ~= '' then
    redis.call('HSET', KEYS[1], 'ec', ARGV[4])
  end
  -- a voice call's 'unknown' is only "answered": its completion (or failure) is what counts
  if status ~= 'submitted' and not (status == 'unknown' and channel == 'voice') and not d[3] then
    redis.call('HSET', KEYS[1], 'fin', 1)
    becameFinal = 1
  end
  if failure[status] and not failure[d[2]] then
    failedNow = 1
  end
end

local event = (failedNow == 1 and 'delivery.failed') or (status == 'delivered' and d[2] ~= 'delivered' and 'delivery.delivered')
local eventRecorded = 0
if event and event_stream then
  local e = redis.call('HMGET', KEYS[1], 'evc', 'ec')
  if e[1] then
    event_context = e[1]
    local fields = {'p', d[5], 'ch', channel, 'pv', d[6], 'st', status}
    if failure[status] and e[2] then
      fields[#fields + 1], fields[#fields + 2] = 'ec', e[2]
    end
    event_record(event, unpack(fields))
    eventRecorded = 1
  end
end
return {UPDATED, status, becameFinal, failedNow, d[4], d[5], d[6], d[7], d[8] or '', d[9] or '', eventRecorded, channel}
