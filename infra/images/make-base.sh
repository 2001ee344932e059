#!/usr/bin/env bash
# Makes a container base image tarball (docker-archive format) from this machine's JDK, for Jib's
# `tar://` base, where no registry with a base image can be reached:
#   infra/images/make-base.sh target/cascade-base.tar
#   mvn ... com.google.cloud.tools:jib-maven-plugin:3.4.6:buildTar -Djib.from.image=tar://$PWD/target/cascade-base.tar
# The image: a jlink'd Java runtime in /opt/java, the host's glibc, libstdc++ and zlib, user 10001.
# It carries no shell and no package manager. A probe, run by hand once (jlink of JDK 17, Jib 3.4.6 buildTar
# of a hello-world on it, its layers unpacked and the entrypoint run in a chroot); not part of the build.
set -euo pipefail
OUT="${1:?usage: make-base.sh OUT.tar [amd64]}"
# The host's JDK and glibc: this machine's architecture only (another one: make-base-debian.sh).
if [ "${2:-amd64}" != amd64 ] || [ "$(uname -m)" != x86_64 ]; then
  echo "make-base.sh: builds amd64 on an x86_64 host only, was ${2:-amd64} on $(uname -m); use make-base-debian.sh" >&2
  exit 2
fi
mkdir -p "$(dirname "$OUT")"
JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
ROOT="$WORK/rootfs"
mkdir -p "$ROOT/opt" "$ROOT/tmp" "$ROOT/etc" "$ROOT/lib64" "$ROOT/lib/x86_64-linux-gnu"
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,java.desktop,jdk.unsupported,jdk.crypto.ec,jdk.httpserver \
  --strip-debug --no-header-files --no-man-pages --output "$ROOT/opt/java"
for l in libc.so.6 libm.so.6 libz.so.1 libgcc_s.so.1 libstdc++.so.6 libdl.so.2 libpthread.so.0 librt.so.1; do
  if [ -e "/lib/x86_64-linux-gnu/$l" ]; then cp -L "/lib/x86_64-linux-gnu/$l" "$ROOT/lib/x86_64-linux-gnu/"; fi
done
cp -L /lib64/ld-linux-x86-64.so.2 "$ROOT/lib64/"
printf 'root:x:0:0:root:/root:/sbin/nologin\ncascade:x:10001:10001::/tmp:/sbin/nologin\n' > "$ROOT/etc/passwd"
chmod 1777 "$ROOT/tmp"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$ROOT" -cf "$WORK/layer.tar" .
SHA="$(sha256sum "$WORK/layer.tar" | cut -d' ' -f1)"
# LD_LIBRARY_PATH: the launcher's $ORIGIN rpath did not find libjli.so in the chroot probe.
cat > "$WORK/config.json" <<JSON
{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/opt/java/bin","JAVA_HOME=/opt/java","LD_LIBRARY_PATH=/opt/java/lib"],"User":"10001"},"rootfs":{"type":"layers","diff_ids":["sha256:$SHA"]},"history":[{"created_by":"infra/images/make-base.sh: jlink of the local JDK and the host's glibc"}]}
JSON
echo '[{"Config":"config.json","RepoTags":["cascade-base:local"],"Layers":["layer.tar"]}]' > "$WORK/manifest.json"
tar -C "$WORK" -cf "$OUT" manifest.json config.json layer.tar
echo "base image: $OUT (sha256:$SHA)"
