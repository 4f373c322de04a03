module github.com/example/service

go 1.21

toolchain go1.21.5

require github.com/google/uuid v1.4.0

require (
	github.com/gorilla/mux v1.8.1
	golang.org/x/net v0.19.0 // indirect
	"github.com/Azure/azure-sdk-for-go" v68.0.0+incompatible
)

replace (
	github.com/old/thing => github.com/new/thing v1.0.0
)

exclude golang.org/x/crypto v0.1.0
