-- delivery_track.lua: start tracking a code's delivery on one channel the provider accepted: this attempt is "submitted".
-- A verification keeps ONE delivery hash; each later delivery of the same code (fallback, /resend) is a new attempt:
-- the attempt in the top-level fields is archived first into a compact a<k> field (late receipts for it still land),
-- and the new one takes the top-level fields.
--
-- KEYS[1]  the delivery state (hash)   {prefix}:{<userTag>}:dl:<idh>
-- KEYS[2]  the verification's record (hash), same hash tag: its channel (ch) becomes this one while it is the live one
-- ARGV[1]  TTL, ms: the code's remaining life plus the receipt grace period
-- ARGV[2]  n: parts (one receipt each; 0 when the provider sends none)   ARGV[3] submitted-at, unix ms (the service's clock)
-- ARGV[4]  cc: the destination's calling-code label   ARGV[5] purpose   ARGV[6] provider label
-- ARGV[7]  rc: the rate limiter's resend-cooldown entry for this send, compact (its member, then each log's key, the
--          scope left out where its place names it: CooldownEntries.cs), '' when none
-- ARGV[8]  tn: the tenant tag when the tenant has a webhook endpoint ('' none): a receipt names its event stream by it
-- ARGV[9]  the providers tried for the text, one "provider outcome reason" per line ('' when not routed)
-- ARGV[10] the channel (sms, voice, whatsapp)
-- ARGV[11] the webhook event subject, sealed by the service ('' when the tenant has no endpoint): delivery_receipt.lua
--          records delivery.delivered / delivery.failed with it
-- ARGV[12] the sending client's configured name (a fallback sends for it)   ARGV[13] idh: the verification's id hash
-- ARGV[14] tk: this attempt's token (random, short): its reference (or message links) names it, so a late receipt finds its attempt
-- ARGV[15] a text of several parts (or a call) whose receipts carry its reference: short hashes of its parts' message
--          ids, space-separated, in part order (m<attempt>: a receipt finds its part by them, a call's event must name
--          its call); '' otherwise
--
-- Fields of the current attempt: n, st (status), sub, pv, at, ch (absent = sms), tk; later up (updated-at ms, absent =
-- sub), p<i> (part i's status, absent = submitted), ec (error code), fin (1 once a final status was counted). Shared: cc,
-- pur, rc (before issue 27's shrink: rck and rcm), evc, tn, cl, na (the current attempt's index, absent = 0), fb (the
-- attempt a fallback was claimed from: see delivery_receipt.lua), m<k> (attempt k's part hashes, several parts only).
-- Archived attempt k: a<k> = "ch pv st up ec fin sub parts tk" (ec '-' when none; parts one letter each, '-' when none).
-- Returns the new attempt's index.
local cur = redis.call('HMGET', KEYS[1], 'st', 'na', 'ch', 'pv', 'up', 'ec', 'fin', 'n', 'sub', 'tk')
local na = 0
if cur[1] then
  na = tonumber(cur[2] or '0')
  local parts = ''
  for i = 0, tonumber(cur[8]) - 1 do
    -- submitted, unknown, delivered, failed, expired, rejected: their first letters tell them apart
    parts = parts .. string.sub(redis.call('HGET', KEYS[1], 'p' .. i) or 'submitted', 1, 1)
    redis.call('HDEL', KEYS[1], 'p' .. i)
  end
  local ec = string.gsub(cur[6] or '-', ' ', '_')
  redis.call('HSET', KEYS[1], 'a' .. na, table.concat({cur[3] or 'sms', cur[4], cur[1], cur[5] or cur[9], ec, cur[7] or '0', cur[9],
    parts == '' and '-' or parts, cur[10] or '-'}, ' '))
  -- rck/rcm: a hash written before the shrink; this send's entry is rc now
  redis.call('HDEL', KEYS[1], 'ec', 'fin', 'up', 'ch', 'rc', 'rck', 'rcm')
  na = na + 1
  redis.call('HSET', KEYS[1], 'na', na)
end
-- Only what cannot be derived: up starts as sub, ch as sms, na as 0 (absent each), and no empty fields.
redis.call('HSET', KEYS[1], 'n', ARGV[2], 'st', 'submitted', 'sub', ARGV[3], 'cc', ARGV[4], 'pur', ARGV[5],
  'pv', ARGV[6], 'at', ARGV[9] or '', 'cl', ARGV[12] or '', 'tk', ARGV[14] or '-')
local optional = {rc = ARGV[7], tn = ARGV[8], evc = ARGV[11], ['m' .. na] = ARGV[15]}
for field, value in pairs(optional) do
  if (value or '') ~= '' then
    redis.call('HSET', KEYS[1], field, value)
  end
end
if (ARGV[10] or 'sms') ~= 'sms' then
  redis.call('HSET', KEYS[1], 'ch', ARGV[10])
end
redis.call('PEXPIRE', KEYS[1], math.max(1, tonumber(ARGV[1])))
if KEYS[2] and redis.call('HGET', KEYS[2], 'idh') == ARGV[13] then
  redis.call('HSET', KEYS[2], 'ch', ARGV[10])
end
return na
