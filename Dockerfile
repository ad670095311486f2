# syntax=docker/dockerfile:1
# Build with the SDK, run on the ASP.NET runtime image as a non-root user.
# docker build -t essal-office .   (or: dotnet cake --target=Docker)

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so a code change does not download the packages again.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Domain/EssalOffice.Domain.csproj src/Domain/
COPY src/Application/EssalOffice.Application.csproj src/Application/
COPY src/Infrastructure/EssalOffice.Infrastructure.csproj src/Infrastructure/
COPY src/WebApi/EssalOffice.WebApi.csproj src/WebApi/
RUN dotnet restore src/WebApi/EssalOffice.WebApi.csproj
COPY src/ src/
RUN dotnet publish src/WebApi/EssalOffice.WebApi.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# Where the data-protection keys (session and antiforgery cookies) live; a volume shares them between instances.
RUN mkdir -p /var/lib/essal/keys && chown -R "$APP_UID" /var/lib/essal
COPY --from=build /app .
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DataProtection__KeysDirectory=/var/lib/essal/keys
EXPOSE 8080
# $APP_UID is the image's unprivileged "app" user.
USER $APP_UID
# The image has no curl: the app checks its own /health/live and exits 0 or 1.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["dotnet", "EssalOffice.WebApi.dll", "--health-check"]
ENTRYPOINT ["dotnet", "EssalOffice.WebApi.dll"]
