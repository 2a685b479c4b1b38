-- The floor's verify: reads the record, compares the code hash, counts the attempt and logs the failure.
-- KEYS[1] record (hash), ARGV[1] code hash (binds id, user and code), ARGV[2] max attempts, ARGV[3] failure log TTL s
-- Returns {200, purpose} (consumed), {400, attempts left}, {410, 0} (locked), {404, 0} (no such record).
local r = redis.call('HMGET', KEYS[1], 'c', 'u', 'p', 'a')
if not r[1] then return {404, 0} end
local max = tonumber(ARGV[2])
if tonumber(r[4]) >= max then return {410, 0} end
if r[1] == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return {200, r[3]}
end
local used = redis.call('HINCRBY', KEYS[1], 'a', 1)
-- The failure goes to a per-user counter (the service's failed-verify cap reads such a log); the key is not hashed in
-- Lua, so it is derived from the record's user pseudonym and lives beside the record under the same prefix.
local failures = 'floor:fv:' .. r[2]
redis.call('INCR', failures)
redis.call('EXPIRE', failures, ARGV[3])
if used >= max then return {410, 0} end
return {400, max - used}
