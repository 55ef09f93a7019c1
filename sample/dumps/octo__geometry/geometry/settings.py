"""Service settings. Real secrets belong in the environment, not here."""

ADMIN_EMAIL = "maria.gonzalez@northwind-traders.net"
AWS_ACCESS_KEY_ID = "AKIAQYLPMN5HJ3RTWXYZ"
DATABASE_URL = "postgres://app:Tr0ub4dor-Sample-9@db.internal.northwind-traders.net/app"
PUBLIC_MIRROR = "203.0.113.7"
UPSTREAM_SERVER = "151.101.66.217"
VERSION = "1.2.3.4"
