#!/usr/bin/env bash
# Makes a container base image tarball (docker-archive format) for another CPU architecture than this machine's,
# from Debian bookworm's own packages, for Jib's `tar://` base where no registry with a base image can be reached:
#   infra/images/make-base-debian.sh target/cascade-base-arm64.tar arm64
# It needs Debian's package archive (apt-get with a private state folder: this machine's dpkg is left alone) and
# nothing else; no emulator, the packages are unpacked, never run. The image: Debian's OpenJDK 17 JRE (headless,
# not jlink'd, so larger than make-base.sh's) in /opt/java, its configuration in /etc/java-17-openjdk, glibc,
# libgcc, libstdc++ and zlib of that architecture, /etc/passwd with user 10001; no shell, no package manager, no
# default CA bundle (Cascade's TLS settings name their CA files).
set -euo pipefail
OUT="${1:?usage: make-base-debian.sh OUT.tar ARCH}"
ARCH="${2:?usage: make-base-debian.sh OUT.tar ARCH (ARCH: arm64)}"
case "$ARCH" in
  arm64) TRIPLET=aarch64-linux-gnu; LOADER=ld-linux-aarch64.so.1; VARIANT=',"variant":"v8"' ;;
  *) echo "make-base-debian.sh: ARCH must be arm64, was $ARCH" >&2; exit 2 ;;
esac
mkdir -p "$(dirname "$OUT")"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
APT=(-o "APT::Architecture=$ARCH" -o "APT::Architectures::=$ARCH" -o "Dir::State::Lists=$WORK/lists"
     -o "Dir::Cache=$WORK/cache" -o "Dir::State::status=$WORK/status" -o Debug::NoLocking=1 -o APT::Sandbox::User=root -q)
mkdir -p "$WORK/lists/partial" "$WORK/cache/archives/partial" "$WORK/debs"
touch "$WORK/status"
apt-get "${APT[@]}" update >/dev/null
PKGS=(openjdk-17-jre-headless libc6 libgcc-s1 libstdc++6 zlib1g)
(cd "$WORK/debs" && apt-get "${APT[@]}" download "${PKGS[@]/%/:$ARCH}" >/dev/null 2>&1)
mkdir -p "$WORK/x"
for d in "$WORK"/debs/*.deb; do dpkg-deb -x "$d" "$WORK/x"; done
JRE="$WORK/x/usr/lib/jvm/java-17-openjdk-$ARCH"
[ -x "$JRE/bin/java" ] || { echo "make-base-debian.sh: no JRE in the $ARCH packages" >&2; exit 1; }
ROOT="$WORK/rootfs"
mkdir -p "$ROOT/opt" "$ROOT/tmp" "$ROOT/etc" "$ROOT/lib/$TRIPLET"
cp -a "$JRE" "$ROOT/opt/java"
# javac's symbol table, man pages and the docs link are of no use to a runtime; the CA bundle link points nowhere.
rm -rf "$ROOT/opt/java/lib/ct.sym" "$ROOT/opt/java/man" "$ROOT/opt/java/docs" "$ROOT/opt/java/lib/security/cacerts"
cp -a "$WORK/x/etc/java-17-openjdk" "$ROOT/etc/"
for l in libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libresolv.so.2 libnss_dns.so.2 libnss_files.so.2 \
         libgcc_s.so.1 libz.so.1 "$LOADER"; do
  for dir in "$WORK/x/lib/$TRIPLET" "$WORK/x/usr/lib/$TRIPLET"; do
    if [ -e "$dir/$l" ]; then cp -L "$dir/$l" "$ROOT/lib/$TRIPLET/"; break; fi
  done
done
cp -L "$WORK/x/usr/lib/$TRIPLET/libstdc++.so.6" "$ROOT/lib/$TRIPLET/"
ln -s "$TRIPLET/$LOADER" "$ROOT/lib/$LOADER"
printf 'root:x:0:0:root:/root:/sbin/nologin\ncascade:x:10001:10001::/tmp:/sbin/nologin\n' > "$ROOT/etc/passwd"
chmod 1777 "$ROOT/tmp"
VERSION="$(dpkg-deb -f "$WORK"/debs/openjdk-17-jre-headless_*.deb Version)"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$ROOT" -cf "$WORK/layer.tar" .
SHA="$(sha256sum "$WORK/layer.tar" | cut -d' ' -f1)"
cat > "$WORK/config.json" <<JSON
{"architecture":"$ARCH"$VARIANT,"os":"linux","config":{"Env":["PATH=/opt/java/bin","JAVA_HOME=/opt/java","LD_LIBRARY_PATH=/opt/java/lib"],"User":"10001"},"rootfs":{"type":"layers","diff_ids":["sha256:$SHA"]},"history":[{"created_by":"infra/images/make-base-debian.sh: Debian bookworm openjdk-17-jre-headless $VERSION ($ARCH) and its glibc"}]}
JSON
echo "[{\"Config\":\"config.json\",\"RepoTags\":[\"cascade-base:local-$ARCH\"],\"Layers\":[\"layer.tar\"]}]" > "$WORK/manifest.json"
tar -C "$WORK" -cf "$OUT" manifest.json config.json layer.tar
echo "base image ($ARCH): $OUT (sha256:$SHA, OpenJDK $VERSION)"
