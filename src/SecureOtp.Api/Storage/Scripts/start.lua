-- start.lua: store a new verification for one user+purpose, replacing (and so cancelling) the previous one. The resend
-- cooldown is not kept here: it is the rate limiter's (AbuseLimits.ForSend), taken before this script runs or in the
-- same call (LuaScripts.LimitedStart).
--
-- KEYS[1]  the user+purpose record (hash)      {prefix}:{<userTag>}:r:<purposeTag>
-- ARGV[1]  now, unix ms (the service's clock, so tests can move it)
-- ARGV[2]  expires-at, unix ms
-- ARGV[3]  idh: hash of the verification id
-- ARGV[4]  kid   ARGV[5] code hash   ARGV[6] user binding   ARGV[7] purpose
-- ARGV[8]  sealed user id, first 60 bytes      ARGV[9] max attempts
-- ARGV[10] tn: the issuing tenant's tag (attempt.lua, status and cancel answer only that tenant)
-- ARGV[11] cc: the destination's country calling code label ("44", "unknown"), never the number: attempt.lua returns it
--          on approval, for conversion by country
-- ARGV[12] sid: the verification id, sealed (verify by user finds it here; locate.lua); '' leaves it out
-- ARGV[13..] the rest of the sealed user id in 60-byte pieces (u1, u2, ...): every value stays ≤ 64 bytes, so Redis keeps
--          the hash in its compact listpack encoding (a longer value would turn it into a hashtable, ~3× the memory)
--
-- Returns 1. The record's TTL matches its expiry; Redis's own expiry is the backstop, ARGV[1] is the judge.
local now = tonumber(ARGV[1])
local expiresAt = tonumber(ARGV[2])

redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1],
  'idh', ARGV[3], 'kid', ARGV[4], 'mac', ARGV[5], 'uh', ARGV[6], 'pur', ARGV[7],
  'u0', ARGV[8], 'max', ARGV[9], 'att', 0, 'exp', ARGV[2], 'tn', ARGV[10], 'cc', ARGV[11])
if ARGV[12] ~= '' then
  redis.call('HSET', KEYS[1], 'sid', ARGV[12])
end
for i = 13, #ARGV do
  redis.call('HSET', KEYS[1], 'u' .. (i - 12), ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], math.max(1, expiresAt - now))
return 1
