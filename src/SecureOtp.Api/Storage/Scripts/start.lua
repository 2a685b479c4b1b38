-- start.lua: store a new verification for one user+purpose, replacing (and so cancelling) the previous one,
-- unless the previous send's resend cooldown still runs.
--
-- KEYS[1]  the user+purpose record (hash)      {prefix}:{<userTag>}:r:<purposeTag>
-- KEYS[2]  the user+purpose cooldown (string)  {prefix}:{<userTag>}:cd:<purposeTag>
-- ARGV[1]  now, unix ms (the service's clock, so tests can move it)
-- ARGV[2]  expires-at, unix ms          ARGV[3]  resend-after, unix ms
-- ARGV[4]  idh: hash of the verification id
-- ARGV[5]  kid   ARGV[6] code hash   ARGV[7] user binding   ARGV[8] purpose
-- ARGV[9]  sealed user id, first 60 bytes      ARGV[10] max attempts
-- ARGV[11] tn: the issuing tenant's tag (attempt.lua, status and cancel answer only that tenant)
-- ARGV[12] cc: the destination's country calling code label ("44", "unknown"), never the number: attempt.lua returns it
--          on approval, for conversion by country
-- ARGV[13..] the rest of the sealed user id in 60-byte pieces (u1, u2, ...): every value stays ≤ 64 bytes, so Redis keeps
--          the hash in its compact listpack encoding (a longer value would turn it into a hashtable, ~3× the memory)
--
-- Returns {1} when stored, or {0, retryAfterMs} while the cooldown runs (nothing changed).
-- Both keys get a TTL matching their meaning; Redis's own expiry is the backstop, ARGV[1] is the judge.
local now = tonumber(ARGV[1])
local expiresAt = tonumber(ARGV[2])
local resendAfter = tonumber(ARGV[3])

local cooldown = redis.call('GET', KEYS[2])
if cooldown then
  local sep = string.find(cooldown, '|', 1, true)
  local untilMs = tonumber(string.sub(cooldown, sep + 1))
  if untilMs > now then
    return {0, untilMs - now}
  end
end

redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1],
  'idh', ARGV[4], 'kid', ARGV[5], 'mac', ARGV[6], 'uh', ARGV[7], 'pur', ARGV[8],
  'u0', ARGV[9], 'max', ARGV[10], 'att', 0, 'exp', ARGV[2], 'tn', ARGV[11], 'cc', ARGV[12])
for i = 13, #ARGV do
  redis.call('HSET', KEYS[1], 'u' .. (i - 12), ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], math.max(1, expiresAt - now))

if resendAfter > now then
  redis.call('SET', KEYS[2], ARGV[4] .. '|' .. ARGV[3], 'PX', resendAfter - now)
else
  redis.call('DEL', KEYS[2])
end
return {1}
