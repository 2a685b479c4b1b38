-- The floor's send: checks and records the sliding-window limits, then stores the record and the resend cooldown.
-- KEYS[1] phone log, KEYS[2] user log (sorted sets of send times), KEYS[3] phone cooldown, KEYS[4] record (hash)
-- ARGV[1] now ms, ARGV[2] window ms, ARGV[3] limit per window, ARGV[4] log member (the verification id),
-- ARGV[5] cooldown ms, ARGV[6] record TTL s, ARGV[7] code hash, ARGV[8] user pseudonym, ARGV[9] purpose
-- Returns 0 (stored), 1 (a limit refused), 2 (within the cooldown).
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
for i = 1, 2 do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  if redis.call('ZCARD', KEYS[i]) >= limit then return 1 end
end
if redis.call('SET', KEYS[3], '1', 'PX', ARGV[5], 'NX') == false then return 2 end
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[i], window)
end
redis.call('HSET', KEYS[4], 'c', ARGV[7], 'u', ARGV[8], 'p', ARGV[9], 'a', 0)
redis.call('EXPIRE', KEYS[4], ARGV[6])
return 0
