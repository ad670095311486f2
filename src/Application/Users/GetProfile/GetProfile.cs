using EssalOffice.Application.Abstractions;
using Mediator;

namespace EssalOffice.Application.Users.GetProfile;

public sealed record GetProfile(Guid UserId) : IQuery<UserView>;

internal sealed class GetProfileHandler(IUserRepository users) : IQueryHandler<GetProfile, UserView>
{
    public async ValueTask<UserView> Handle(GetProfile query, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(query.UserId, cancellationToken)
            ?? throw new NotFoundException("There is no user with this id.");
        return UserView.From(user);
    }
}
