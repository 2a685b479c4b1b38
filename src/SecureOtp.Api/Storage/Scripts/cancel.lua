-- cancel.lua: remove a verification if it is still the live one for its user+purpose (a caller's cancel, or the undo of
-- a send whose code could not be delivered).
--
-- KEYS[1]  the user+purpose record (hash)
-- ARGV[1]  idh: hash of the verification id
-- ARGV[2]  optional: the calling tenant's tag; a record issued to another tenant is left alone (a caller's cancel passes
--          it; the undo of an undelivered send does not need it: the send has just stored the record itself)
--
-- Returns 1 when the record was removed, 0 when it was already gone, belongs to a newer send or to another tenant.
local removed = 0
local rec = redis.call('HMGET', KEYS[1], 'idh', 'tn')
if rec[1] == ARGV[1] and (not ARGV[2] or rec[2] == ARGV[2]) then
  redis.call('DEL', KEYS[1])
  removed = 1
end
return removed
