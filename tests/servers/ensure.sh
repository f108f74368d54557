#!/usr/bin/env bash
# Install the server binaries the integration tests start, when missing.
#
# Sole purpose: make sure Dovecot (IMAP), the PostgreSQL server and the zone
# database exist on this machine, so tests/servers/*.py can start private
# instances. As root it installs missing Debian packages with apt-get; as any
# other user it names the packages to install and exits 1. Prints nothing and
# exits 0 when everything is already there, so CI can call it on every run.
set -euo pipefail

packages=()

# dovecot-imapd pulls in dovecot-core (dovecot, doveadm) and the "dovecot" /
# "dovenull" system users that tests/servers/dovecot.py runs processes as.
if ! { command -v dovecot || [ -x /usr/sbin/dovecot ]; } >/dev/null 2>&1 \
    || ! [ -x /usr/lib/dovecot/imap ] \
    || ! command -v doveadm >/dev/null 2>&1; then
    packages+=(dovecot-imapd)
fi

# Debian installs the server binaries off PATH, under /usr/lib/postgresql/N/bin.
# The package also creates the "postgres" system user used when running as root.
if ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null \
    || ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    packages+=(postgresql)
fi

# Dovecot reports INTERNALDATE in its TZ; tests run it in e.g. Europe/Berlin.
# Without zone files that silently becomes UTC.
if ! [ -e /usr/share/zoneinfo/Europe/Berlin ]; then
    packages+=(tzdata)
fi

if [ "${#packages[@]}" -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "ensure.sh: the integration tests need these Debian packages: ${packages[*]}" >&2
    echo "ensure.sh: install them with: sudo apt-get install ${packages[*]}" >&2
    exit 1
fi

echo "ensure.sh: installing ${packages[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Installing may try to start the system's own dovecot/postgresql services;
# harmless, the tests use private instances on other ports.
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
