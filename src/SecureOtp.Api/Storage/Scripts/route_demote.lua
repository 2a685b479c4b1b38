-- route_demote.lua: demote a provider in a country unless it already is; forget its counts there (judged afresh later).
--
-- KEYS[1]  the country's demotions (hash)   KEYS[2] the provider's counts in that country
-- ARGV[1]  provider   ARGV[2] demoted until, unix ms   ARGV[3] now, unix ms   ARGV[4] TTL of the demotions hash, ms
--
-- Returns 1 when this call demoted it, 0 when a demotion was already in force.
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]))
if current ~= nil and current > tonumber(ARGV[3]) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[4]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
redis.call('DEL', KEYS[2])
return 1
