-- cancel.lua: remove a verification if it is still the live one for its user+purpose; with KEYS[2], also the
-- cooldown it set (used when its code could not be delivered, so our failure does not make the user wait).
--
-- KEYS[1]  the user+purpose record (hash)
-- KEYS[2]  optional: the user+purpose cooldown (string, "idh|resendAfterMs")
-- ARGV[1]  idh: hash of the verification id
--
-- Returns 1 when the record was removed, 0 when it was already gone or belongs to a newer send.
local removed = 0
if redis.call('HGET', KEYS[1], 'idh') == ARGV[1] then
  redis.call('DEL', KEYS[1])
  removed = 1
end
if KEYS[2] then
  local cooldown = redis.call('GET', KEYS[2])
  if cooldown and string.sub(cooldown, 1, #ARGV[1] + 1) == ARGV[1] .. '|' then
    redis.call('DEL', KEYS[2])
  end
end
return removed
