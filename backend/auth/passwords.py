from werkzeug.security import check_password_hash, generate_password_hash

# scrypt, werkzeug's default KDF: salted and memory-hard
hash_password = generate_password_hash
verify_password = check_password_hash
# checked against when the username is unknown, so both paths cost the same time
UNKNOWN_USER_HASH = generate_password_hash("not-a-real-password")
