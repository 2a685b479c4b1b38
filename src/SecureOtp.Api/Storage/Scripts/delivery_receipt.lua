-- delivery_receipt.lua: apply one part's delivery receipt to its text, all or nothing.
-- A part's state only moves forward (submitted < unknown < delivered/failed/expired/rejected), so a repeat or an older
-- receipt arriving late changes nothing. The text is delivered when every part is; a part that failed, expired or was
-- rejected decides for the whole text. When the text has just failed, the reply names the rate limiter's resend-cooldown
-- entries its send recorded, for the caller to release (a newer send's entries have other members and stay).
--
-- KEYS[1]  the text's delivery state (hash)                {prefix}:{<userTag>}:dl:<idh>
-- ARGV[1]  idh (names the text in the caller's logs only)   ARGV[2] the part's index ('' = found by ARGV[8])   ARGV[3] its status   ARGV[4] error code ('' none)   ARGV[5] now, unix ms
-- ARGV[6]  the part's state the receipt requires ('' none): a voice call's "completed" is "delivered" only after "answered"
-- ARGV[7]  the token of the delivery attempt the part belongs to (tk), as its link names it ('' for links made before
--          attempts: the current one). A late receipt for an archived attempt (delivery_track.lua's a<k>) updates
--          that attempt only, never the current one, and decides no fallback
-- ARGV[8]  with no part index (a receipt that carried our reference): the short hash of the part's message id; a text
--          of one part needs none, one of several finds it among m<attempt> (delivery_track.lua)
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
--              failedNow = 1 when it has just failed (the caller releases the rate limiter's cooldown entry named here:
--              rc, compact, with '' after it; or, in a hash written before the shrink, rck and rcm); eventRecorded = 1 when a webhook event was recorded; channel the text's;
--              fallback = 1 when this receipt failed the current attempt and so claimed its fallback (fb: claimed once per
--              attempt, by this or by fallback_claim.lua's timeout, whichever comes first); attempt the attempt's index
-- The codes are named alike in DeliveryReceiptReply.cs.
local UNKNOWN, UNCHANGED, UPDATED = 0, 1, 2
local rank = {submitted = 0, unknown = 1, delivered = 2, failed = 2, expired = 2, rejected = 2}
local failure = {failed = true, expired = true, rejected = true}
local letters = {s = 'submitted', u = 'unknown', d = 'delivered', f = 'failed', e = 'expired', r = 'rejected'}

-- The part a receipt is for, in attempt k of n parts: named by its link, or found by its message id's short hash among
-- m<k> (kept for several parts, and for a call: see delivery_track.lua); without m<k>, a text of one part is part 0.
-- n (no such part) when it is not found.
local function partOf(k, n)
  if (ARGV[2] or '') ~= '' then
    return tonumber(ARGV[2])
  end
  local refs = redis.call('HGET', KEYS[1], 'm' .. k)
  if not refs then
    return n == 1 and 0 or n
  end
  local i = 0
  for ref in string.gmatch(refs, '%S+') do
    if ref == ARGV[8] then
      return i
    end
    i = i + 1
  end
  return n
end

-- A late receipt for an archived attempt: "ch pv st up ec fin sub parts tk" (delivery_track.lua), the same rules on its parts.
local function archived(current, d)
  local k, a, ch, pv, st, up, ec, fin, sub, letterParts, tk
  for i = current - 1, 0, -1 do
    a = redis.call('HGET', KEYS[1], 'a' .. i) or ''
    ch, pv, st, up, ec, fin, sub, letterParts, tk = string.match(a, '^(%S+) (%S+) (%S+) (%S+) (%S+) (%S+) (%S+) (%S+) (%S+)$')
    if tk == ARGV[7] then
      k = i
      break
    end
  end
  if not k or letterParts == '-' then
    return {UNKNOWN}
  end
  local part, new = partOf(k, #letterParts), ARGV[3]
  if part >= #letterParts then
    return {UNKNOWN}
  end
  local old = letters[string.sub(letterParts, part + 1, part + 1)]
  if rank[new] <= rank[old] or ((ARGV[6] or '') ~= '' and old ~= ARGV[6]) then
    return {UNCHANGED}
  end
  letterParts = string.sub(letterParts, 1, part) .. string.sub(new, 1, 1) .. string.sub(letterParts, part + 2)
  local status, allDelivered, anySubmitted = nil, true, false
  for i = 1, #letterParts do
    local s = letters[string.sub(letterParts, i, i)]
    if failure[s] and not status then status = s end
    if s ~= 'delivered' then allDelivered = false end
    if s == 'submitted' then anySubmitted = true end
  end
  status = status or (allDelivered and 'delivered' or (anySubmitted and 'submitted' or 'unknown'))
  local becameFinal = 0
  if status ~= st then
    up = ARGV[5]
    if failure[status] and ARGV[4] ~= '' then ec = string.gsub(ARGV[4], ' ', '_') end
    if status ~= 'submitted' and not (status == 'unknown' and ch == 'voice') and fin == '0' then
      fin, becameFinal = '1', 1
    end
  end
  redis.call('HSET', KEYS[1], 'a' .. k, table.concat({ch, pv, status, up, ec, fin, sub, letterParts, tk}, ' '))
  return {UPDATED, status, becameFinal, 0, d[4], d[5], pv, sub, '', '', 0, ch, 0, k}
end

local d = redis.call('HMGET', KEYS[1], 'n', 'st', 'fin', 'cc', 'pur', 'pv', 'sub', 'rck', 'rcm', 'ch', 'na', 'fb', 'tk', 'rc')
if d[14] then
  d[8], d[9] = d[14], ''
end
local channel = d[10] or 'sms'
if not d[1] then
  return {UNKNOWN}
end
local current = tonumber(d[11] or '0')
if (ARGV[7] or '') ~= '' and ARGV[7] ~= d[13] then
  return archived(current, d)
end
local n, new = tonumber(d[1]), ARGV[3]
local part = partOf(current, n)
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

-- The current attempt failed: the first to see it claims its fallback (a duplicate receipt, or a timeout, finds fb set).
local fallback = 0
if failedNow == 1 and tonumber(d[12] or '-1') ~= current then
  redis.call('HSET', KEYS[1], 'fb', current)
  fallback = 1
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
return {UPDATED, status, becameFinal, failedNow, d[4], d[5], d[6], d[7], d[8] or '', d[9] or '', eventRecorded, channel, fallback, current}
