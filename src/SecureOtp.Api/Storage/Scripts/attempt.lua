-- attempt.lua: one verify attempt, all or nothing: compare, count, lock at the limit, consume on success.
-- Running as one script is what makes 200 concurrent guesses count exactly max attempts and lets only one of
-- 50 concurrent correct submissions through.
--
-- KEYS[1]  the user+purpose record (hash)
-- KEYS[2]  the user's failed-verify log (sorted set), same hash tag: the NIST cap across all the user's verifications
-- ARGV[1]  idh: hash of the presented verification id (the record may meanwhile belong to a newer send)
-- ARGV[2]  the candidate code hash (HMAC computed by the service; the secret never reaches Redis)
-- ARGV[3]  now, unix ms
-- ARGV[4]  failure cap   ARGV[5]  its window, ms   ARGV[6]  a unique member for this attempt
--
-- Returns {1, kid, purpose, sealedUserId} approved (record deleted)
--         {2, attemptsRemaining}          incorrect (counted; locked when it reaches 0)
--         {3}                             locked
--         {4, retryAfterMs}               the user reached the failure cap: nothing is checked or counted
--         {0}                             not found (unknown, expired, replaced, consumed, cancelled)
local rec = redis.call('HMGET', KEYS[1], 'idh', 'mac', 'att', 'max', 'exp', 'kid', 'pur',
  'u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8')
if not rec[1] or rec[1] ~= ARGV[1] then
  return {0}
end
if tonumber(rec[5]) <= tonumber(ARGV[3]) then
  redis.call('DEL', KEYS[1])
  return {0}
end
-- locked once the attempts reach the limit
if tonumber(rec[3]) >= tonumber(rec[4]) then
  return {3}
end

local now = tonumber(ARGV[3])
local cap = tonumber(ARGV[4])
local window = tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
local failures = redis.call('ZCARD', KEYS[2])
if failures >= cap then
  local blocking = redis.call('ZRANGE', KEYS[2], failures - cap, failures - cap, 'WITHSCORES')
  return {4, math.max(1, tonumber(blocking[2]) + window - now)}
end

if rec[2] == ARGV[2] then
  redis.call('DEL', KEYS[1])
  local sealed = ''
  for i = 8, 16 do
    if rec[i] then sealed = sealed .. rec[i] end
  end
  return {1, rec[6], rec[7], sealed}
end
redis.call('ZADD', KEYS[2], now, ARGV[6])
redis.call('PEXPIRE', KEYS[2], window)
local attempts = redis.call('HINCRBY', KEYS[1], 'att', 1)
return {2, math.max(0, tonumber(rec[4]) - attempts)}
