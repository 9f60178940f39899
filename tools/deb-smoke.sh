#!/usr/bin/env bash
# tools/deb-smoke.sh [DEB] — installs booklet's .deb in a fresh Debian 12 root
# made with debootstrap (minbase) and builds a handout there from a text
# written on the spot, as a user of the package would. Needs root and the
# Debian mirror (MIRROR, default deb.debian.org); takes a few minutes and
# about 1 GB in a temporary folder (KEEP=1 keeps it). Not part of
# `make check` (too slow, needs the network); run after `make deb`.
set -eu
deb=${1:-$(ls build/deb/booklet_*_*.deb | head -1)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
[ "$(id -u)" = 0 ] || { echo "deb-smoke: run as root (debootstrap, chroot)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "deb-smoke: apt-get install debootstrap" >&2; exit 2; }
root=$(mktemp -d /tmp/deb-smoke.XXXXXX)
cleanup() { umount "$root/proc" 2>/dev/null || true; [ "${KEEP:-0}" = 1 ] || rm -rf "$root"; }
trap cleanup EXIT
echo "deb-smoke: debootstrap bookworm into $root"
debootstrap --variant=minbase bookworm "$root" "$MIRROR" >"$root.log" 2>&1 ||
  { tail -20 "$root.log"; exit 1; }
mount -t proc proc "$root/proc"
cp "$deb" "$root/tmp/"
chroot "$root" /bin/sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq -o Dpkg::Use-Pty=0 poppler-utils /tmp/$(basename "$deb") >/dev/null"
cat >"$root/tmp/lesson.txt" <<'TXT'
Sông Hồng

Sông Hồng bắt nguồn từ Vân Nam và chảy qua Hà Nội trước khi đổ ra biển.

Đồng bằng sông Hồng là nơi sinh sống của hàng triệu người.
TXT
chroot "$root" /bin/sh -c "cd /tmp && booklet build --lang vi lesson.txt && \
  pdftotext lesson.pdf - | grep -q 'hàng triệu người' && test -e /usr/share/man/man1/booklet.1.gz"
echo "deb-smoke: $(basename "$deb") installs in a fresh Debian 12 root and builds a handout"
