-- route_restore.lua: lift a provider's demotion in a country once it has run out.
--
-- KEYS[1]  the country's demotions (hash)   ARGV[1] provider   ARGV[2] now, unix ms
--
-- Returns 1 when this call lifted it (so one replica reports the restoration), else 0.
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]))
if current == nil or current > tonumber(ARGV[2]) then
  return 0
end
redis.call('HDEL', KEYS[1], ARGV[1])
return 1
