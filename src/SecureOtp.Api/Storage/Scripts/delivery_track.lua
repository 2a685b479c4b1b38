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
-- ARGV[7]  the rate limiter's resend-cooldown keys, space-separated, '' when none   ARGV[8] their entry (member) for this send
-- ARGV[9]  the providers tried for the text, one "provider outcome reason" per line ('' when not routed)
-- ARGV[10] the channel (sms, voice, whatsapp)
-- ARGV[11] the webhook event subject, sealed by the service ('' when the tenant has no endpoint): delivery_receipt.lua
--          records delivery.delivered / delivery.failed with it
-- ARGV[12] the sending client's configured name (a fallback sends for it)   ARGV[13] idh: the verification's id hash
--
-- Fields of the current attempt: n, st (status), up (updated-at ms), sub, pv, at, ch; later p<i> (part i's status,
-- absent = submitted), ec (error code), fin (1 once a final status was counted). Shared: cc, pur, rck, rcm, evc, cl,
-- na (the current attempt's index, absent = 0), fb (the attempt a fallback was claimed from: see delivery_receipt.lua).
-- Archived attempt k: a<k> = "ch pv st up ec fin sub parts" (ec '-' when none; parts one letter each, '-' when none).
-- Returns the new attempt's index.
local cur = redis.call('HMGET', KEYS[1], 'st', 'na', 'ch', 'pv', 'up', 'ec', 'fin', 'n', 'sub')
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
  redis.call('HSET', KEYS[1], 'a' .. na, table.concat({cur[3] or 'sms', cur[4], cur[1], cur[5], ec, cur[7] or '0', cur[9],
    parts == '' and '-' or parts}, ' '))
  redis.call('HDEL', KEYS[1], 'ec', 'fin')
  na = na + 1
end
redis.call('HSET', KEYS[1], 'n', ARGV[2], 'st', 'submitted', 'up', ARGV[3], 'sub', ARGV[3], 'cc', ARGV[4], 'pur', ARGV[5],
  'pv', ARGV[6], 'rck', ARGV[7], 'rcm', ARGV[8], 'at', ARGV[9] or '', 'ch', ARGV[10] or 'sms', 'na', na, 'cl', ARGV[12] or '')
if (ARGV[11] or '') ~= '' then
  redis.call('HSET', KEYS[1], 'evc', ARGV[11])
end
redis.call('PEXPIRE', KEYS[1], math.max(1, tonumber(ARGV[1])))
if KEYS[2] and redis.call('HGET', KEYS[2], 'idh') == ARGV[13] then
  redis.call('HSET', KEYS[2], 'ch', ARGV[10])
end
return na
