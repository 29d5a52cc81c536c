# Build: a static binary with the embedded views, static files, time zone
# data and sandbox.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/portal . \
 && mkdir -p /out/etc/ssl/certs && cp /etc/ssl/certs/ca-certificates.crt /out/etc/ssl/certs/

# Run: nothing but the binary and CA certificates (for the studios' https
# APIs); no shell, no build tools; an unprivileged user id.
FROM scratch
COPY --from=build /out/etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/portal /portal
USER 65532:65532
EXPOSE 8080
ENV PORT=8080
ENTRYPOINT ["/portal"]
