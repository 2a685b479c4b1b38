-- cancel.lua: remove a verification if it is still the live one for its user+purpose (a caller's cancel, or the undo of
-- a send whose code could not be delivered).
--
-- KEYS[1]  the user+purpose record (hash)
-- ARGV[1]  idh: hash of the verification id
-- ARGV[2]  optional: the calling tenant's tag; a record issued to another tenant is left alone (a caller's cancel passes
--          it; the undo of an undelivered send does not need it: the send has just stored the record itself)
--
-- A caller's cancel records verification.canceled (events.lua, put before this script) with the record's key id, sealed
-- user id and purpose; the undo of an undelivered send appends no event arguments, so records none.
--
-- Returns 1 when the record was removed, 0 when it was already gone, belongs to a newer send or to another tenant.
local removed = 0
local rec = redis.call('HMGET', KEYS[1], 'idh', 'tn', 'kid', 'pur', 'u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8')
if rec[1] == ARGV[1] and (not ARGV[2] or rec[2] == ARGV[2]) then
  redis.call('DEL', KEYS[1])
  local sealed = ''
  for i = 5, 13 do
    if rec[i] then sealed = sealed .. rec[i] end
  end
  event_record('verification.canceled', 'k', rec[3], 'u', sealed, 'p', rec[4])
  removed = 1
end
return removed
